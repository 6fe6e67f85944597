// swift-tools-version:6.1
import PackageDescription

// Benchmarks live in their own package so that building them compiles only the libraries they
// measure, never the server. Run them with Benchmarks/equalization/run.sh.
let package = Package(
    name: "JunhengBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Junheng", path: "..")
    ],
    targets: [
        .executableTarget(
            name: "EqualizationBenchmark",
            dependencies: [.product(name: "Equalization", package: "Junheng")]
        ),
        .executableTarget(
            name: "IngestBenchmark",
            dependencies: [.product(name: "PlanIngest", package: "Junheng")]
        ),
    ]
)
