"""The database schema as numbered migrations; each runs once, in order (data only).

Written for SQLite; the PostgreSQL store runs them through bot/store/dialect.py.
"""

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
    # 3: hand-offs become tickets, a conversation with the staff team: who is asking (role,
    # place), when the team first answered, the last message either way (for the quiet-time
    # close), who closed it (a staff user id or "quiet time"), its forum topic, and the staff
    # chat's messages that belong to it (so a reply there finds it). Erased with the person.
    # Hand-offs from before could never be answered: they are closed.
    """
    ALTER TABLE handoffs ADD COLUMN role TEXT NOT NULL DEFAULT '';
    ALTER TABLE handoffs ADD COLUMN place TEXT NOT NULL DEFAULT '';
    ALTER TABLE handoffs ADD COLUMN last_at TEXT;
    ALTER TABLE handoffs ADD COLUMN answered_at TEXT;
    ALTER TABLE handoffs ADD COLUMN closed_by TEXT;
    ALTER TABLE handoffs ADD COLUMN thread_id INTEGER;
    UPDATE handoffs SET closed_at = opened_at, closed_by = 'before tickets'
        WHERE closed_at IS NULL;
    CREATE INDEX handoffs_by_person ON handoffs(person, closed_at);
    CREATE TABLE handoff_messages (
        chat_id INTEGER NOT NULL,
        message_id INTEGER NOT NULL,
        handoff INTEGER NOT NULL REFERENCES handoffs(id) ON DELETE CASCADE,
        PRIMARY KEY (chat_id, message_id)
    );
    CREATE INDEX handoff_messages_by_handoff ON handoff_messages(handoff);
    """,
    # 4: reminders and check-ins a person asked for, where the scheduler finds them: the
    # person's own plan number, its kind, when it is next due (UTC, to the second) and
    # whether it is paused. The plan itself lives in the person's state; erased with them.
    """
    CREATE TABLE plans (
        person TEXT NOT NULL REFERENCES people(person) ON DELETE CASCADE,
        id INTEGER NOT NULL,
        kind TEXT NOT NULL,
        due_at TEXT NOT NULL,
        paused INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (person, id)
    );
    CREATE INDEX plans_by_due ON plans(paused, due_at);
    """,
    # 5: how many people chose each answer of each question, per day, linked to no one (the
    # check-in's distress trend in `stats`). A person's own answers stay in their state.
    """
    CREATE TABLE answer_counts (
        day TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (day, key, value)
    );
    """,
    # 6: several replicas. Each person's latest Telegram update ids (at most 16, comma
    # separated, newest last), written with their state, so a redelivered update is
    # recognised and answered once; erased with the person. Leases, e.g. the scheduler's,
    # so reminders go out from one replica at a time.
    """
    ALTER TABLE people ADD COLUMN updates TEXT NOT NULL DEFAULT '';
    CREATE TABLE leases (
        name TEXT PRIMARY KEY,
        holder TEXT NOT NULL,
        until TEXT NOT NULL
    );
    """,
)
