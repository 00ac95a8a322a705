// swift-tools-version:5.7
// tacit for Apple platforms: CTacit (the C API, a binary xcframework built from this repository with
// toolchains/ios.cmake, see README.md) and Tacit (a thin Swift wrapper over it).
import PackageDescription

let package = Package(
    name: "Tacit",
    platforms: [.iOS(.v13), .macOS(.v11)],
    products: [
        .library(name: "Tacit", targets: ["Tacit"]),
    ],
    targets: [
        // Headers/tacit/tacit.h + Headers/module.modulemap (module CTacit) + libtacit.a per platform slice.
        // A release would use .binaryTarget(name:url:checksum:) with a zipped xcframework instead.
        .binaryTarget(name: "CTacit", path: "build/CTacit.xcframework"),
        .target(
            name: "Tacit",
            dependencies: ["CTacit"],
            path: "Sources/Tacit",
            linkerSettings: [
                .linkedLibrary("c++"),
                // SQLCipher's crypto provider. With OpenSSL (this repository's default) libcrypto.a must be
                // merged into libtacit.a; with SQLCIPHER_CRYPTO_CC it is CommonCrypto from Security.
                .linkedFramework("Security"),
            ]
        ),
    ]
)
