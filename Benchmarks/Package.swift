// swift-tools-version:6.1
import PackageDescription

// Benchmarks live in their own package so that building them compiles only the libraries they
// measure (the report benchmark needs the server's, since it builds reports as the server does).
// Run them with Benchmarks/<name>/run.sh.
let package = Package(
    name: "JunhengBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Junheng", path: ".."),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        .executableTarget(
            name: "EqualizationBenchmark",
            dependencies: [.product(name: "Equalization", package: "Junheng")]
        ),
        .executableTarget(
            name: "GeographyBenchmark",
            dependencies: [
                .product(name: "Geography", package: "Junheng"), .product(name: "JunhengCore", package: "Junheng"),
            ]
        ),
        .executableTarget(
            name: "IngestBenchmark",
            dependencies: [
                .product(name: "PlanIngest", package: "Junheng"), .product(name: "ExternalPrograms", package: "Junheng"),
            ]
        ),
        .executableTarget(
            name: "ReportBenchmark",
            dependencies: [
                .product(name: "JunhengServer", package: "Junheng"),
                .product(name: "JunhengApp", package: "Junheng"),
                .product(name: "Storage", package: "Junheng"),
                .product(name: "JunhengCore", package: "Junheng"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ]
)
