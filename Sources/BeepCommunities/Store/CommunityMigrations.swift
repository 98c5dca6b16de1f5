import BeepStorage

/// The communities service's tables (prefixed `communities_`), one migration per change.
/// Numbers are BIGINT on both dialects; times are milliseconds since 1970; permission bits
/// are stored as the signed 64-bit pattern of the unsigned set.
public enum CommunityMigrations {
    /// The migration set applied at start (`Database.migrate`).
    public static let set = MigrationSet(service: "communities", migrations: [
        Migration(id: "0001-communities") { _ in
            [
                """
                CREATE TABLE communities_servers (
                    id BIGINT PRIMARY KEY,
                    owner_id BIGINT NOT NULL,
                    name TEXT NOT NULL,
                    description TEXT NOT NULL,
                    picture_id BIGINT,
                    banner_id BIGINT,
                    visibility TEXT NOT NULL,
                    search_text TEXT NOT NULL,
                    created_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX communities_servers_owner ON communities_servers (owner_id)",
                "CREATE INDEX communities_servers_visibility ON communities_servers (visibility, id)",
                """
                CREATE TABLE communities_members (
                    server_id BIGINT NOT NULL REFERENCES communities_servers (id) ON DELETE CASCADE,
                    user_id BIGINT NOT NULL,
                    joined_at BIGINT NOT NULL,
                    PRIMARY KEY (server_id, user_id)
                )
                """,
                "CREATE INDEX communities_members_user ON communities_members (user_id)",
                """
                CREATE TABLE communities_roles (
                    id BIGINT PRIMARY KEY,
                    server_id BIGINT NOT NULL REFERENCES communities_servers (id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    colour BIGINT NOT NULL,
                    sort_position BIGINT NOT NULL,
                    permissions BIGINT NOT NULL
                )
                """,
                "CREATE INDEX communities_roles_server ON communities_roles (server_id)",
                """
                CREATE TABLE communities_member_roles (
                    server_id BIGINT NOT NULL,
                    user_id BIGINT NOT NULL,
                    role_id BIGINT NOT NULL REFERENCES communities_roles (id) ON DELETE CASCADE,
                    PRIMARY KEY (server_id, user_id, role_id),
                    FOREIGN KEY (server_id, user_id) REFERENCES communities_members (server_id, user_id) ON DELETE CASCADE
                )
                """,
                "CREATE INDEX communities_member_roles_role ON communities_member_roles (role_id)",
                """
                CREATE TABLE communities_channels (
                    id BIGINT PRIMARY KEY,
                    server_id BIGINT NOT NULL REFERENCES communities_servers (id) ON DELETE CASCADE,
                    parent_id BIGINT REFERENCES communities_channels (id) ON DELETE CASCADE,
                    kind TEXT NOT NULL,
                    name TEXT NOT NULL,
                    topic TEXT NOT NULL,
                    sort_position BIGINT NOT NULL
                )
                """,
                "CREATE INDEX communities_channels_server ON communities_channels (server_id)",
                "CREATE INDEX communities_channels_parent ON communities_channels (parent_id)",
                """
                CREATE TABLE communities_overwrites (
                    channel_id BIGINT NOT NULL REFERENCES communities_channels (id) ON DELETE CASCADE,
                    target_kind TEXT NOT NULL,
                    target_id BIGINT NOT NULL,
                    allow_bits BIGINT NOT NULL,
                    deny_bits BIGINT NOT NULL,
                    PRIMARY KEY (channel_id, target_kind, target_id)
                )
                """,
                """
                CREATE TABLE communities_invites (
                    code TEXT PRIMARY KEY,
                    server_id BIGINT NOT NULL REFERENCES communities_servers (id) ON DELETE CASCADE,
                    creator_id BIGINT NOT NULL,
                    created_at BIGINT NOT NULL,
                    expires_at BIGINT,
                    max_uses BIGINT,
                    uses BIGINT NOT NULL,
                    revoked BIGINT NOT NULL
                )
                """,
                "CREATE INDEX communities_invites_server ON communities_invites (server_id)",
                """
                CREATE TABLE communities_bans (
                    server_id BIGINT NOT NULL REFERENCES communities_servers (id) ON DELETE CASCADE,
                    user_id BIGINT NOT NULL,
                    banned_by BIGINT NOT NULL,
                    reason TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    PRIMARY KEY (server_id, user_id)
                )
                """,
            ]
        },
    ])
}
