// swift-tools-version: 6.1
// Beep: a self-hostable Discord alternative around a native Swift WebRTC stack.
// Targets are small and single-purpose; see docs/architecture.md.

import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "beep",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "beep", targets: ["beep"]),
        .executable(name: "beep-sfu", targets: ["beep-sfu"]),
        .executable(name: "beep-stats", targets: ["beep-stats"]),
        .executable(name: "beep-bot", targets: ["beep-bot"]),
        .library(name: "BeepMedia", targets: ["BeepMedia"]),
        .library(name: "BeepBot", targets: ["BeepBot"]),
        .library(name: "BeepWire", targets: ["BeepWire"]),
        .library(name: "BeepSTUN", targets: ["BeepSTUN"]),
        .library(name: "BeepRTP", targets: ["BeepRTP"]),
        .library(name: "BeepRTCP", targets: ["BeepRTCP"]),
        .library(name: "BeepSDP", targets: ["BeepSDP"]),
        .library(name: "BeepParserFuzzing", targets: ["BeepParserFuzzing"]),
        .library(name: "BeepICE", targets: ["BeepICE"]),
        .library(name: "BeepBWE", targets: ["BeepBWE"]),
        .library(name: "BeepStorage", targets: ["BeepStorage"]),
        .library(name: "BeepPlatformCore", targets: ["BeepPlatformCore"]),
        .library(name: "BeepUsers", targets: ["BeepUsers"]),
        .library(name: "BeepDTLS", targets: ["BeepDTLS"]),
        .library(name: "BeepSRTP", targets: ["BeepSRTP"]),
        .library(name: "BeepPeer", targets: ["BeepPeer"]),
        .library(name: "BeepSFUServer", targets: ["BeepSFUServer"]),
        .library(name: "BeepSFU", targets: ["BeepSFU"]),
        .library(name: "BeepCalls", targets: ["BeepCalls"]),
        .library(name: "BeepTURNServer", targets: ["BeepTURNServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.0.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.0"),
        .package(url: "https://github.com/grpc/grpc-swift-2.git", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport.git", from: "2.9.2"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
    ],
    targets: [
        // MARK: C shims (systemLibrary + static inline wrappers for macros and variadics)
        .systemLibrary(name: "CBeepOpenSSL", pkgConfig: "openssl",
                       providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CBeepSRTP", pkgConfig: "libsrtp2",
                       providers: [.apt(["libsrtp2-dev"])]),
        .systemLibrary(name: "CBeepOpus", pkgConfig: "opus",
                       providers: [.apt(["libopus-dev"])]),
        .systemLibrary(name: "CBeepVPX", pkgConfig: "vpx",
                       providers: [.apt(["libvpx-dev"])]),

        // MARK: Wire formats (pure Swift: no IO, no clock)
        .target(name: "BeepWire", swiftSettings: strict),
        .target(name: "BeepSTUN",
                dependencies: ["BeepWire", .product(name: "Crypto", package: "swift-crypto")],
                swiftSettings: strict),
        .target(name: "BeepRTP", dependencies: ["BeepWire"], swiftSettings: strict),
        .target(name: "BeepRTCP", dependencies: ["BeepWire"], swiftSettings: strict),
        .target(name: "BeepSDP", swiftSettings: strict),
        /// One entry point per parser, shared by the malformed-input tests and the libFuzzer
        /// executables under tools/fuzz.
        .target(name: "BeepParserFuzzing",
                dependencies: ["BeepWire", "BeepSTUN", "BeepRTP", "BeepRTCP", "BeepSDP", "BeepCalls", "BeepTURN", "BeepEvents"],
                swiftSettings: strict),

        // MARK: Protocol machines (sans-IO: inputs with `now`, outputs polled)
        .target(name: "BeepICE", dependencies: ["BeepWire", "BeepSTUN", "BeepTURN"], swiftSettings: strict),
        .target(name: "BeepDTLS", dependencies: ["BeepWire", "BeepSRTP", "CBeepOpenSSL"], swiftSettings: strict),
        .target(name: "BeepSRTP", dependencies: ["BeepWire", "CBeepSRTP"], swiftSettings: strict),

        .target(name: "BeepPeer", dependencies: ["BeepWire", "BeepSTUN", "BeepICE", "BeepDTLS", "BeepSRTP",
                                                 "BeepRTP", "BeepRTCP"],
                swiftSettings: strict),

        /// Reading peers' SDP and writing Beep's (ICE-lite, BUNDLE, rtcp-mux, one codec per section).
        .target(name: "BeepNegotiation", dependencies: ["BeepSDP", "BeepDTLS", "BeepSTUN"], swiftSettings: strict),

        /// The SFU core: rooms, producers, consumers, forwarding, NACK, keyframes, speakers (no IO).
        .target(name: "BeepSFU", dependencies: ["BeepWire", "BeepRTP", "BeepRTCP"], swiftSettings: strict),
        /// Send-side bandwidth estimation after Google Congestion Control (no IO): TWCC, REMB, loss, probing.
        .target(name: "BeepBWE", dependencies: ["BeepWire", "BeepRTCP"], swiftSettings: strict),

        /// TURN server core (RFC 8656): allocations, permissions, channels, REST credentials, no open relay.
        .target(name: "BeepTURN",
                dependencies: ["BeepWire", "BeepSTUN", .product(name: "Crypto", package: "swift-crypto")],
                swiftSettings: strict),

        // MARK: Media server (the only part that touches sockets)
        .target(name: "BeepNIOAddress",
                dependencies: ["BeepSTUN", .product(name: "NIOCore", package: "swift-nio")], swiftSettings: strict),
        .target(name: "BeepSFUServer",
                dependencies: [
                    "BeepWire", "BeepSTUN", "BeepNIOAddress",
                    .product(name: "NIOCore", package: "swift-nio"),
                    .product(name: "NIOPosix", package: "swift-nio"),
                    .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                    .product(name: "Logging", package: "swift-log"),
                    .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                ],
                swiftSettings: strict),

        /// TURN and STUN on sockets: UDP 3478/3479, TCP 3478, TLS when configured, relay sockets per
        /// allocation, one event loop.
        .target(name: "BeepTURNServer",
                dependencies: [
                    "BeepTURN", "BeepSTUN", "BeepWire", "BeepNIOAddress",
                    .product(name: "NIOCore", package: "swift-nio"),
                    .product(name: "NIOPosix", package: "swift-nio"),
                    .product(name: "NIOSSL", package: "swift-nio-ssl"),
                    .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                    .product(name: "Logging", package: "swift-log"),
                    .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                ],
                swiftSettings: strict),

        /// `POST /dev/echo`: answers an offer and echoes the peer's media (interop tests only).
        .target(name: "BeepDevEcho",
                dependencies: ["BeepPeer", "BeepSFUServer", "BeepSDP", "BeepNegotiation", "BeepRTP", "BeepRTCP", "BeepICE",
                               "BeepDTLS", "BeepSRTP", "BeepSTUN", "BeepWire"],
                swiftSettings: strict),

        /// Calls end to end: signalling commands -> room workers (SFU router + peer sessions) on
        /// the media sockets' event loops, and the WebSocket signalling hub.
        .target(name: "BeepCallServer",
                dependencies: ["BeepBWE", "BeepCalls", "BeepSFU", "BeepPeer", "BeepNegotiation", "BeepSFUServer", "BeepSDP",
                               "BeepDTLS", "BeepICE", "BeepSRTP", "BeepSTUN", "BeepWire", "BeepRTP", "BeepRTCP", "BeepTURN",
                               .product(name: "NIOCore", package: "swift-nio"),
                               .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                               .product(name: "Logging", package: "swift-log"),
                               .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
                swiftSettings: strict),

        // MARK: SFU control over gRPC (proto/beep/sfu/v1/control.proto)
        /// Generated by tools/generate-grpc.sh from proto/ (committed; do not edit by hand).
        .target(name: "BeepSFUControlProto",
                dependencies: [.product(name: "GRPCCore", package: "grpc-swift-2"),
                               .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                               .product(name: "SwiftProtobuf", package: "swift-protobuf")]),
        /// MediaCommand / CallInput <-> protobuf, the SFUControl service and the `RemoteSFU` client.
        .target(name: "BeepSFUControl",
                dependencies: ["BeepSFUControlProto", "BeepCalls",
                               .product(name: "GRPCCore", package: "grpc-swift-2"),
                               .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                               .product(name: "Logging", package: "swift-log"),
                               .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
                swiftSettings: strict),

        // MARK: Services and runtime
        /// Calls: the signalling protocol, join tokens, call rooms and presence (no IO).
        .target(name: "BeepCalls",
                dependencies: [.product(name: "JWTKit", package: "jwt-kit"),
                               .product(name: "Crypto", package: "swift-crypto")],
                swiftSettings: strict),
        .target(name: "BeepLogging",
                dependencies: [.product(name: "Logging", package: "swift-log")],
                swiftSettings: strict),
        .target(name: "BeepGateway",
                dependencies: [
                    "BeepLogging", "BeepPlatformCore",
                    .product(name: "Hummingbird", package: "hummingbird"),
                    .product(name: "HummingbirdCore", package: "hummingbird"),
                    .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                    .product(name: "Logging", package: "swift-log"),
                    .product(name: "NIOWebSocket", package: "swift-nio"),
                ],
                swiftSettings: strict),

        /// `beep-stats`' model: reports with rates from two admin snapshots, table rendering, the admin client.
        .target(name: "BeepStatsView", dependencies: ["BeepCallServer", "BeepCalls", "BeepSFU", "BeepSFUServer"], swiftSettings: strict),

        /// The events stream's core (docs/events.md, no IO): sessions, sequence numbers, resume, heartbeats, slow clients.
        .target(name: "BeepEvents", dependencies: ["BeepWire"], swiftSettings: strict),
        /// The events outbox (docs/events.md, "Across processes"): events written in the same
        /// transaction as the change, NOTIFY'd by id, read back in per-stream order.
        .target(name: "BeepEventsOutbox",
                dependencies: ["BeepEvents", "BeepStorage", .product(name: "SQLKit", package: "sql-kit")],
                swiftSettings: strict),
        /// Serves the events stream on `GET /api/v1/events` (WebSocket) with one task owning the hub.
        .target(name: "BeepEventsServer",
                dependencies: ["BeepEvents", "BeepEventsOutbox", "BeepStorage", "BeepGateway", "BeepWire",
                               .product(name: "Logging", package: "swift-log"),
                               .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                               .product(name: "NIOCore", package: "swift-nio"),
                               .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
                swiftSettings: strict),

        // MARK: Platform services
        /// One SQL layer (SQLKit) over SQLite (default) and PostgreSQL: pools, transactions, migrations (docs/storage.md).
        .target(name: "BeepStorage",
                dependencies: [.product(name: "SQLKit", package: "sql-kit"), .product(name: "SQLiteKit", package: "sqlite-kit"),
                               .product(name: "PostgresKit", package: "postgres-kit"), .product(name: "Logging", package: "swift-log"),
                               .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")],
                swiftSettings: strict),
        /// Shared by every HTTP service: ids, API errors, the request context, access tokens, rate limits, pages.
        .target(name: "BeepPlatformCore",
                dependencies: [.product(name: "Hummingbird", package: "hummingbird"), .product(name: "JWTKit", package: "jwt-kit"),
                               .product(name: "Crypto", package: "swift-crypto"), .product(name: "Logging", package: "swift-log"),
                               .product(name: "NIOCore", package: "swift-nio")],
                swiftSettings: strict),
        /// Users: sign-up/in, scrypt, TOTP 2FA, sessions and refresh tokens, profiles, JWKS (docs/api.md).
        .target(name: "BeepUsers",
                dependencies: ["BeepStorage", "BeepPlatformCore", "CBeepOpenSSL",
                               .product(name: "SQLKit", package: "sql-kit"), .product(name: "Hummingbird", package: "hummingbird"),
                               .product(name: "JWTKit", package: "jwt-kit"), .product(name: "Crypto", package: "swift-crypto"),
                               .product(name: "Logging", package: "swift-log"), .product(name: "NIOCore", package: "swift-nio"),
                               .product(name: "NIOPosix", package: "swift-nio")],
                swiftSettings: strict),

        /// Permissions: bit set, roles, overwrites, the one effective-permission function (Discord's algorithm; no IO).
        .target(name: "BeepPermissions", swiftSettings: strict),
        /// Communities: servers, channels, roles, members, invites, bans on BeepStorage; every operation checks BeepPermissions.
        .target(name: "BeepCommunities",
                dependencies: ["BeepPermissions", "BeepStorage", "BeepPlatformCore",
                               .product(name: "SQLKit", package: "sql-kit")],
                swiftSettings: strict),
        /// The communities HTTP routes under /api/v1 and voice-channel join tokens.
        .target(name: "BeepCommunitiesAPI",
                dependencies: ["BeepCommunities", "BeepPermissions", "BeepPlatformCore", "BeepCalls", "BeepEvents",
                               "BeepEventsOutbox", .product(name: "SQLKit", package: "sql-kit"),
                               .product(name: "Hummingbird", package: "hummingbird"),
                               .product(name: "NIOCore", package: "swift-nio")],
                swiftSettings: strict),

        /// Messages in text channels: send/edit/delete/reply/pin, mentions, tags, history, full-text search.
        .target(name: "BeepMessages",
                dependencies: ["BeepStorage", "BeepPlatformCore", "BeepPermissions", "BeepCommunities", "BeepEvents",
                               "BeepEventsOutbox", .product(name: "SQLKit", package: "sql-kit")],
                swiftSettings: strict),
        /// The messages HTTP API under /api/v1 (docs/api.md, "Messages").
        .target(name: "BeepMessagesAPI",
                dependencies: ["BeepMessages", "BeepPlatformCore",
                               .product(name: "Hummingbird", package: "hummingbird")],
                swiftSettings: strict),

        // MARK: Bots
        /// Opus/VP8 (libopus/libvpx), tone generator + Goertzel detector, stamped test pattern, RTP packetisers.
        .target(name: "BeepMedia", dependencies: ["BeepWire", "BeepRTP", "CBeepOpus", "CBeepVPX"], swiftSettings: strict),
        /// The headless call participant: script, negotiation, media engine, stats, report.
        .target(name: "BeepBot",
                dependencies: ["BeepMedia", "BeepPeer", "BeepICE", "BeepDTLS", "BeepSRTP", "BeepSTUN", "BeepWire", "BeepRTP",
                               "BeepRTCP", "BeepSDP", "BeepCalls", "BeepNIOAddress",
                               .product(name: "NIOCore", package: "swift-nio"),
                               .product(name: "NIOPosix", package: "swift-nio"),
                               .product(name: "NIOWebSocket", package: "swift-nio"),
                               .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                               .product(name: "Logging", package: "swift-log")],
                swiftSettings: strict),

        // MARK: Executables
        .executableTarget(name: "beep",
                          dependencies: [
                              "BeepGateway", "BeepLogging", "BeepSFUServer", "BeepDevEcho", "BeepDTLS", "BeepICE",
                              "BeepCalls", "BeepCallServer", "BeepSFUControl", "BeepTURN", "BeepTURNServer",
                              "BeepStorage", "BeepPlatformCore", "BeepUsers", "BeepCommunities", "BeepCommunitiesAPI",
                              "BeepEventsServer", "BeepMessages", "BeepMessagesAPI",
                              .product(name: "Crypto", package: "swift-crypto"),
                              .product(name: "JWTKit", package: "jwt-kit"),
                              .product(name: "ArgumentParser", package: "swift-argument-parser"),
                              .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                              .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                              .product(name: "Hummingbird", package: "hummingbird"),
                              .product(name: "Logging", package: "swift-log"),
                          ],
                          swiftSettings: strict),

        /// `beep-sfu`: the media server and room workers alone, controlled by `beep` over gRPC.
        .executableTarget(name: "beep-sfu",
                          dependencies: [
                              "BeepLogging", "BeepGateway", "BeepSFUServer", "BeepDTLS", "BeepICE", "BeepCalls", "BeepCallServer",
                              "BeepSFUControl",
                              .product(name: "ArgumentParser", package: "swift-argument-parser"),
                              .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                              .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                              .product(name: "Logging", package: "swift-log"),
                          ],
                          swiftSettings: strict),

        /// `beep-bot`: headless call participants for call tests and load (docs/bot.md).
        .executableTarget(name: "beep-bot",
                          dependencies: ["BeepBot", "BeepCalls", "BeepICE",
                                         .product(name: "ArgumentParser", package: "swift-argument-parser")],
                          swiftSettings: strict),
        /// `beep-stats`: the operator CLI over the admin API.
        .executableTarget(name: "beep-stats",
                          dependencies: ["BeepStatsView", "BeepCallServer", "BeepCalls",
                                         .product(name: "ArgumentParser", package: "swift-argument-parser")],
                          swiftSettings: strict),

        // MARK: Tests
        /// Locates `Fixtures/` and decodes hex captures for every test target.
        .target(name: "BeepTestSupport", dependencies: ["BeepWire"], path: "Tests/BeepTestSupport"),
        .testTarget(name: "BeepWireTests", dependencies: ["BeepWire"]),
        .testTarget(name: "BeepSTUNTests", dependencies: ["BeepSTUN", "BeepWire", "BeepTestSupport"]),
        .testTarget(name: "BeepRTPTests", dependencies: ["BeepRTP", "BeepWire", "BeepTestSupport"]),
        .testTarget(name: "BeepRTCPTests", dependencies: ["BeepRTCP", "BeepWire", "BeepTestSupport"]),
        .testTarget(name: "BeepICETests", dependencies: ["BeepICE", "BeepTURN", "BeepSTUN", "BeepWire", "BeepTestSupport"]),
        /// The TURN client and ICE relay candidates against Debian's coturn (started by the tests; fails without it).
        .testTarget(name: "BeepTURNInteropTests", dependencies: ["BeepICE", "BeepTURN", "BeepSTUN", "BeepWire"]),
        .testTarget(name: "BeepDTLSTests", dependencies: ["BeepDTLS", "BeepSRTP", "BeepWire", "BeepTestSupport"]),
        .testTarget(name: "BeepSRTPTests", dependencies: ["BeepSRTP", "BeepWire", "BeepTestSupport"]),
        .testTarget(name: "BeepSFUServerTests",
                    dependencies: [
                        "BeepSFUServer", "BeepSTUN", "BeepWire",
                        .product(name: "Logging", package: "swift-log"),
                        .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                    ]),
        .testTarget(name: "BeepPeerTests",
                    dependencies: ["BeepPeer", "BeepICE", "BeepDTLS", "BeepSRTP", "BeepSTUN", "BeepWire", "BeepRTP",
                                   "BeepRTCP", "BeepTURN", "BeepTestSupport"]),
        .testTarget(name: "BeepPeerRTCPTests",
                    dependencies: ["BeepPeer", "BeepRTP", "BeepRTCP", "BeepWire", "BeepTestSupport"]),
        .testTarget(name: "BeepBWETests", dependencies: ["BeepBWE", "BeepSFU", "BeepRTCP", "BeepWire"]),
        .testTarget(name: "BeepSFUTests", dependencies: ["BeepSFU", "BeepRTP", "BeepRTCP", "BeepWire", "BeepTestSupport"]),
        .testTarget(name: "BeepCallsTests",
                    dependencies: ["BeepCalls", .product(name: "JWTKit", package: "jwt-kit"),
                                   .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "BeepTURNTests", dependencies: ["BeepTURN", "BeepSTUN", "BeepWire", "BeepTestSupport"]),
        .testTarget(name: "BeepCallServerTests",
                    dependencies: ["BeepCallServer", "BeepCalls", "BeepTURN", "BeepDTLS", "BeepNegotiation", "BeepSDP", "BeepSFU",
                                   "BeepSFUServer", "BeepTestSupport"]),
        .testTarget(name: "BeepTURNServerTests",
                    dependencies: ["BeepTURNServer", "BeepTURN", "BeepSTUN", "BeepWire",
                                   .product(name: "Logging", package: "swift-log"),
                                   .product(name: "NIOCore", package: "swift-nio"),
                                   .product(name: "NIOPosix", package: "swift-nio")]),
        .testTarget(name: "BeepDevEchoTests",
                    dependencies: ["BeepDevEcho", "BeepDTLS", "BeepICE", "BeepSDP", "BeepSFUServer", "BeepSTUN",
                                   "BeepTestSupport"]),
        .testTarget(name: "BeepSDPTests", dependencies: ["BeepSDP", "BeepTestSupport"]),
        .testTarget(name: "BeepMediaLibrarySmokeTests",
                    dependencies: ["CBeepOpenSSL", "CBeepSRTP", "CBeepOpus", "CBeepVPX"]),
        .testTarget(name: "BeepMalformedInputTests",
                    dependencies: ["BeepParserFuzzing", "BeepWire", "BeepSTUN", "BeepRTP", "BeepRTCP", "BeepSDP",
                                   "BeepTestSupport"]),
        .testTarget(name: "BeepLoggingTests",
                    dependencies: ["BeepLogging", .product(name: "Logging", package: "swift-log")]),
        /// Fresh SQLite and PostgreSQL databases for store tests (PostgreSQL from BEEP_TEST_POSTGRES_URL, never skipped).
        .target(name: "BeepStorageTestSupport",
                dependencies: ["BeepStorage", .product(name: "SQLKit", package: "sql-kit"), .product(name: "Logging", package: "swift-log")],
                path: "Tests/BeepStorageTestSupport"),
        .testTarget(name: "BeepStorageTests",
                    dependencies: ["BeepStorage", "BeepStorageTestSupport", .product(name: "SQLKit", package: "sql-kit"),
                                   .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "BeepPlatformCoreTests",
                    dependencies: ["BeepPlatformCore", .product(name: "JWTKit", package: "jwt-kit"),
                                   .product(name: "Crypto", package: "swift-crypto"),
                                   .product(name: "Hummingbird", package: "hummingbird"),
                                   .product(name: "HummingbirdTesting", package: "hummingbird")]),
        .testTarget(name: "BeepUsersTests",
                    dependencies: ["BeepUsers", "BeepStorage", "BeepStorageTestSupport", "BeepPlatformCore",
                                   .product(name: "SQLKit", package: "sql-kit"), .product(name: "Logging", package: "swift-log"),
                                   .product(name: "JWTKit", package: "jwt-kit"), .product(name: "Crypto", package: "swift-crypto"),
                                   .product(name: "Hummingbird", package: "hummingbird"),
                                   .product(name: "HummingbirdTesting", package: "hummingbird")]),
        .testTarget(name: "BeepPermissionsTests", dependencies: ["BeepPermissions", "BeepWire"]),
        .testTarget(name: "BeepCommunitiesTests",
                    dependencies: ["BeepCommunities", "BeepCommunitiesAPI", "BeepPermissions", "BeepStorage",
                                   "BeepStorageTestSupport", "BeepPlatformCore", "BeepCalls", "BeepEvents",
                                   .product(name: "SQLKit", package: "sql-kit"),
                                   .product(name: "Crypto", package: "swift-crypto"),
                                   .product(name: "Logging", package: "swift-log"),
                                   .product(name: "Hummingbird", package: "hummingbird"),
                                   .product(name: "HummingbirdTesting", package: "hummingbird")]),
        .testTarget(name: "BeepMessagesTests",
                    dependencies: ["BeepMessages", "BeepMessagesAPI", "BeepCommunities", "BeepCommunitiesAPI", "BeepPermissions",
                                   "BeepStorage", "BeepStorageTestSupport", "BeepPlatformCore", "BeepEvents",
                                   "BeepEventsServer", "BeepGateway", "BeepEventsOutbox",
                                   .product(name: "SQLKit", package: "sql-kit"),
                                   .product(name: "Logging", package: "swift-log"),
                                   .product(name: "Hummingbird", package: "hummingbird"),
                                   .product(name: "HummingbirdTesting", package: "hummingbird"),
                                   .product(name: "HummingbirdWSTesting", package: "hummingbird-websocket")]),
        .testTarget(name: "BeepMediaTests", dependencies: ["BeepMedia", "BeepRTP", "BeepWire"]),
        .testTarget(name: "BeepBotTests",
                    dependencies: ["BeepBot", "BeepMedia", "BeepSDP", "BeepDTLS", "BeepSTUN", "BeepRTP", "BeepWire",
                                   "BeepNegotiation", "BeepCalls",
                                   .product(name: "NIOEmbedded", package: "swift-nio"),
                                   .product(name: "NIOConcurrencyHelpers", package: "swift-nio")]),
        .testTarget(name: "BeepEventsTests", dependencies: ["BeepEvents", "BeepWire"]),
        .testTarget(name: "BeepEventsOutboxTests",
                    dependencies: ["BeepEventsOutbox", "BeepEventsServer", "BeepEvents", "BeepStorage", "BeepStorageTestSupport",
                                   "BeepCommunities", "BeepCommunitiesAPI", "BeepPlatformCore",
                                   .product(name: "SQLKit", package: "sql-kit"), .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "BeepEventsServerTests",
                    dependencies: ["BeepEventsServer", "BeepEvents", "BeepGateway",
                                   .product(name: "Hummingbird", package: "hummingbird"),
                                   .product(name: "HummingbirdTesting", package: "hummingbird"),
                                   .product(name: "HummingbirdWSTesting", package: "hummingbird-websocket"),
                                   .product(name: "Logging", package: "swift-log"),
                                   .product(name: "NIOConcurrencyHelpers", package: "swift-nio")]),
        .testTarget(name: "BeepStatsViewTests", dependencies: ["BeepStatsView", "BeepCallServer", "BeepSFU", "BeepSFUServer",
                                                              "BeepCalls", "BeepDTLS", "BeepGateway",
                                                              .product(name: "HummingbirdTesting", package: "hummingbird")]),
        .testTarget(name: "BeepSFUControlTests",
                    dependencies: ["BeepSFUControl", "BeepSFUControlProto", "BeepCalls",
                                   .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                                   .product(name: "Logging", package: "swift-log"),
                                   .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")]),
        .testTarget(name: "BeepGatewayTests",
                    dependencies: [
                        "BeepGateway",
                        .product(name: "HummingbirdTesting", package: "hummingbird"),
                    ]),
    ]
)
