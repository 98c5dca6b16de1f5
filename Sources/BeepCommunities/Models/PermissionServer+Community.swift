import BeepPermissions

extension PermissionServer {
    /// The server and its roles as the permission algorithm sees them (@everyone with no
    /// permissions when its role is missing).
    public init(server: CommunityServer, roles: [CommunityRole]) {
        let everyone = roles.first(where: \.isEveryone)?.permissionRole
            ?? PermissionRole(id: RoleID(server.id), position: 0, permissions: [])
        self.init(owner: MemberID(server.ownerID), everyone: everyone,
                  roles: roles.filter { !$0.isEveryone }.map(\.permissionRole))
    }
}
