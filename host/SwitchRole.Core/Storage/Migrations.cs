namespace SwitchRole.Core.Storage;

/// <summary>The schema, as forward steps. Append a step to change it; never edit a released one.</summary>
internal static class Migrations
{
    public static readonly IReadOnlyList<Migration> All =
    [
        new(1, """
            CREATE TABLE meta (
                key   TEXT PRIMARY KEY,
                value INTEGER NOT NULL
            ) WITHOUT ROWID;
            INSERT INTO meta (key, value) VALUES ('revision', 0);

            -- One row per (account, role). A deleted entry keeps its row with deleted_at set (a tombstone),
            -- so merges from backups, team files and other machines do not bring it back.
            -- Times are Unix milliseconds, UTC.
            CREATE TABLE roles (
                account_id      TEXT NOT NULL,
                role_name       TEXT NOT NULL,
                display_name    TEXT NOT NULL,
                color           TEXT,
                region          TEXT,
                base_account_id TEXT,
                group_name      TEXT,
                origin          TEXT NOT NULL,
                created_at      INTEGER NOT NULL,
                updated_at      INTEGER NOT NULL,
                last_used_at    INTEGER,
                use_count       INTEGER NOT NULL DEFAULT 0,
                deleted_at      INTEGER,
                PRIMARY KEY (account_id, role_name)
            ) WITHOUT ROWID;
            CREATE INDEX roles_live_recent ON roles (deleted_at, last_used_at DESC);
            """),
        new(2, """
            -- Team sources (a file path or an HTTPS URL). Their entries are rows of roles with origin 'team:<name>'.
            -- Sync state lives here so every process sees it: the HTTP validators, the hash of the content last
            -- applied (three hosts noticing one file change apply it once), the last attempt (a claim, so three
            -- hosts starting at once fetch a URL once), and the last error (shown by source list and doctor).
            CREATE TABLE sources (
                name             TEXT PRIMARY KEY COLLATE NOCASE,
                location         TEXT NOT NULL,
                kind             TEXT NOT NULL,
                format           TEXT NOT NULL,
                interval_seconds INTEGER,
                added_at         INTEGER NOT NULL,
                etag             TEXT,
                last_modified    TEXT,
                content_sha256   TEXT,
                last_attempt_at  INTEGER,
                last_synced_at   INTEGER,
                last_changed_at  INTEGER,
                last_error       TEXT,
                last_error_at    INTEGER,
                entry_count      INTEGER NOT NULL DEFAULT 0
            ) WITHOUT ROWID;

            -- A person's own display name, colour or group for a team entry; a sync applies these over the
            -- source's values, so they survive re-syncs. NULL: follow the source.
            CREATE TABLE overrides (
                account_id   TEXT NOT NULL,
                role_name    TEXT NOT NULL,
                display_name TEXT,
                color        TEXT,
                group_name   TEXT,
                updated_at   INTEGER NOT NULL,
                PRIMARY KEY (account_id, role_name)
            ) WITHOUT ROWID;

            CREATE INDEX roles_origin ON roles (origin);
            """),
        new(3, """
            -- The revision that last wrote each row (a tombstone included), so roles.list can answer with only what
            -- changed since a revision the extension already has. Rows from before this step count as revision 0.
            ALTER TABLE roles ADD COLUMN changed_rev INTEGER NOT NULL DEFAULT 0;
            CREATE INDEX roles_changed ON roles (changed_rev);

            -- Rows a team source sync removed outright (they leave no tombstone, so a later merge may bring them
            -- back): one row per key, the revision of the last removal.
            CREATE TABLE removed (
                account_id TEXT NOT NULL,
                role_name  TEXT NOT NULL,
                revision   INTEGER NOT NULL,
                PRIMARY KEY (account_id, role_name)
            ) WITHOUT ROWID;
            CREATE INDEX removed_revision ON removed (revision);
            """),
        new(4, """
            -- The live entries in list order (RoleStore.List's ORDER BY, term for term), so roles.list reads them in order
            -- instead of sorting every row on every request: the sort was half of SQLite's time for 10,000 entries.
            CREATE INDEX roles_list ON roles (last_used_at IS NULL, last_used_at DESC, display_name COLLATE NOCASE, account_id, role_name)
                WHERE deleted_at IS NULL;
            """),
    ];
}
