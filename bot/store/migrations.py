"""The database schema as numbered migrations; each runs once, in order (data only)."""

MIGRATIONS: tuple[str, ...] = (
    # 1: people and their state; anonymous records for staff (no link to a person).
    """
    CREATE TABLE people (
        person TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE handoffs (
        id INTEGER PRIMARY KEY,
        person TEXT NOT NULL REFERENCES people(person) ON DELETE CASCADE,
        lang TEXT NOT NULL,
        opened_at TEXT NOT NULL,
        closed_at TEXT
    );
    CREATE TABLE visits (
        day TEXT NOT NULL,
        flow TEXT NOT NULL,
        node TEXT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (day, flow, node)
    );
    CREATE TABLE alerts (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        rule_id TEXT NOT NULL,
        lang TEXT NOT NULL
    );
    CREATE TABLE misses (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        lang TEXT NOT NULL,
        text TEXT NOT NULL
    );
    """,
    # 2: for the manager's report. Per person, only what counting needs (erased with them):
    # the last day they were active and as whom, and how far their current journey visit
    # went. Everything else is anonymous counts, or scrubbed text not linked to anyone.
    """
    CREATE TABLE usage (
        person TEXT PRIMARY KEY REFERENCES people(person) ON DELETE CASCADE,
        active_on TEXT,
        active_lang TEXT,
        active_role TEXT,
        journey TEXT,
        journey_pages INTEGER,
        journey_topic INTEGER
    );
    CREATE TABLE activity (
        period TEXT NOT NULL,
        start TEXT NOT NULL,
        lang TEXT NOT NULL,
        role TEXT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (period, start, lang, role)
    );
    CREATE TABLE journey_steps (
        day TEXT NOT NULL,
        flow TEXT NOT NULL,
        step TEXT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (day, flow, step)
    );
    CREATE TABLE unsure (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        lang TEXT NOT NULL,
        text TEXT NOT NULL,
        guess TEXT NOT NULL
    );
    """,
)
