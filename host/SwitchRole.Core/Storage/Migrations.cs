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
    ];
}
