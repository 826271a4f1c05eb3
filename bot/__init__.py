"""Patient journey bot: guides people with cancer in Israel and their families."""
