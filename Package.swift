// swift-tools-version:6.2
import PackageDescription

// Module layering (nothing points back up):
//   CLibPQ → Postgres ─┐
//   CZlib  → ZipArchive ┼→ Domain → API → nsbackup
//   CCrypto → Hashing ──┘           ↑
//   HTTP ───────────────────────────┘   (HTTP knows nothing of PostgreSQL or the domain)
let package = Package(
    name: "nsbackup",
    products: [.executable(name: "nsbackup", targets: ["nsbackup"])],
    targets: [
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"]), .brew(["libpq"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .target(name: "Postgres", dependencies: ["CLibPQ"]),
        .target(name: "ZipArchive", dependencies: ["CZlib"]),
        .target(name: "Hashing", dependencies: ["CCrypto"]),
        .target(name: "HTTP"),
        .target(name: "Domain", dependencies: ["Postgres", "ZipArchive", "Hashing"]),
        .target(name: "API", dependencies: ["Domain", "HTTP", "Hashing"], resources: [.copy("Web")]),
        // The command-line client: talks to a running server over HTTP only.
        .target(name: "CLI", dependencies: ["HTTP", "Hashing"]),
        .executableTarget(name: "nsbackup", dependencies: ["API", "CLI", "HTTP"]),
        // Benchmarks (scripts/bench): measured figures next to baselines, never part of the unit suite.
        .executableTarget(name: "nsbackup-bench", dependencies: ["Postgres", "Hashing", "Domain", "HTTP"]),
        .target(name: "TestSupport", dependencies: ["Postgres", "HTTP", "Hashing"], path: "Tests/TestSupport"),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "Hashing", "TestSupport"]),
        .testTarget(name: "ZipArchiveTests", dependencies: ["ZipArchive", "Hashing"], exclude: ["make-fixtures.py"], resources: [.copy("Fixtures")]),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "TestSupport"]),
        .testTarget(name: "DomainTests", dependencies: ["Domain", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "APITests", dependencies: ["API", "Domain", "HTTP", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["CLI", "TestSupport", "HTTP"]),
    ]
)

for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
    ]
}
