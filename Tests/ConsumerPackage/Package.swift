// swift-tools-version:6.0
// A package that depends on the workbook by path, as a learner's own project would: it proves
// that the public API of `Cluster` and `ProcessGroups` is enough to run pg2 in a simulation from
// outside. `.ci/run` builds and runs it.
import PackageDescription

let package = Package(
    name: "Consumer",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "PG2Workbook", path: "../..")],
    targets: [
        .executableTarget(
            name: "consumer",
            dependencies: [
                .product(name: "Cluster", package: "PG2Workbook"),
                .product(name: "ProcessGroups", package: "PG2Workbook"),
            ])
    ],
    swiftLanguageModes: [.v6]
)
