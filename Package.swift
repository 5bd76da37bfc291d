// swift-tools-version:6.0
// PG2 Workbook — Erlang's pg2, rebuilt in Swift one chapter at a time.
// The toolchain is the only dependency: no `.package(...)` lines, ever.
import PackageDescription

let package = Package(
    name: "PG2Workbook",
    platforms: [.macOS(.v15)],
    products: [
        // The substrate: nodes, pids, processes, monitors, calls and the deterministic simulator.
        .library(name: "Cluster", targets: ["Cluster"]),
        .executable(name: "workbook", targets: ["workbook"]),
    ],
    targets: [
        .target(name: "CClusterRuntime", path: "Sources/CClusterRuntime"),
        .target(name: "Cluster", dependencies: ["CClusterRuntime"], path: "Sources/Cluster"),
        // Ready-made scenarios that the CLI runs and the tests replay.
        .target(name: "Demos", dependencies: ["Cluster"], path: "Sources/Demos"),
        .executableTarget(name: "workbook", dependencies: ["Cluster", "Demos"], path: "Sources/workbook"),
        .executableTarget(name: "pg2-bench", dependencies: ["Cluster", "Demos"], path: "Sources/pg2-bench"),
        .testTarget(name: "ClusterTests", dependencies: ["Cluster", "Demos"], path: "Tests/ClusterTests"),
    ],
    swiftLanguageModes: [.v6]
)
