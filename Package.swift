// swift-tools-version:6.0
import PackageDescription

// No package dependencies: the toolchain (standard library, Foundation,
// Dispatch, Synchronization, Swift Testing) is all gmemcheck uses.
let package = Package(
  name: "gmemcheck",
  products: [
    .executable(name: "gmemcheck", targets: ["gmemcheck"]),
    .library(name: "Explorer", targets: ["Explorer"]),
    .library(name: "GmemModel", targets: ["GmemModel"]),
    .library(name: "Invariants", targets: ["Invariants"]),
  ],
  targets: [
    // The engine is generic over the model: cross-module optimisation lets
    // the compiler specialise it for GuestMemfd (no runtime generics in
    // the hot loop).
    .target(
      name: "Explorer", exclude: ["README.md"],
      swiftSettings: [.unsafeFlags(["-cross-module-optimization"], .when(configuration: .release))]),
    .target(name: "GmemModel", dependencies: ["Explorer"], exclude: ["README.md"]),
    .target(name: "Invariants", dependencies: ["GmemModel", "Explorer"], path: "Invariants",
      exclude: ["README.md"]),
    .executableTarget(
      name: "gmemcheck", dependencies: ["GmemModel", "Explorer", "Invariants"]),
    // What the test targets share (a seeded generator); not a product.
    .target(name: "TestSupport", path: "Tests/TestSupport"),
    .testTarget(name: "ExplorerTests", dependencies: ["Explorer", "TestSupport"]),
    .testTarget(name: "GmemModelTests", dependencies: ["GmemModel", "TestSupport"]),
    .testTarget(name: "InvariantsTests", dependencies: ["Invariants", "GmemModel", "Explorer"]),
    // GmemModel too: the fuzz tests run the configuration loader in-process
    // and spawn the binary for a sample only.
    .testTarget(name: "CLITests", dependencies: ["gmemcheck", "GmemModel", "Invariants", "TestSupport"], exclude: ["Golden"]),
  ]
)
