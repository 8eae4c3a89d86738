import Foundation

/// Runs the built `gmemcheck` binary, as a user would.
struct Run {
  let status: Int32
  let stdout: String
  let stderr: String
}

enum CLI {
  /// The binary sits beside the test bundle in the build folder.
  static let binary: URL = {
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<4 {
      let candidate = dir.appendingPathComponent("gmemcheck")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      dir = dir.deletingLastPathComponent()
    }
    return URL(fileURLWithPath: ".build/debug/gmemcheck")
  }()

  /// The package root, so that tests can name `Models/...`.
  static let root: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// Runs the binary (or `executable`, such as a wrapper that runs it)
  /// with `args`, in the package root.
  static func run(_ args: [String], executable: String? = nil) throws -> Run {
    try run(args, executable: executable) { _ in }
  }

  /// Runs the binary, sends it `signal` after `seconds`, and returns what
  /// it printed and how long it took to end after the signal.
  static func run(_ args: [String], signal: Int32, after seconds: Double) throws -> (Run, Double) {
    var took = 0.0
    let r = try run(args) { process in
      Thread.sleep(forTimeInterval: seconds)
      let sent = Date()
      kill(process.processIdentifier, signal)
      process.waitUntilExit()
      took = Date().timeIntervalSince(sent)
    }
    return (r, took)
  }

  /// Starts the process, calls `meanwhile` with it, and collects its
  /// output: read on other threads, so that a full pipe never holds the
  /// child up.
  static func run(_ args: [String], executable: String? = nil, meanwhile: (Process) -> Void) throws -> Run {
    let process = Process()
    process.executableURL = executable.map { URL(fileURLWithPath: $0) } ?? binary
    process.arguments = args
    process.currentDirectoryURL = root
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    nonisolated(unsafe) var outData = Data()
    nonisolated(unsafe) var errData = Data()
    let group = DispatchGroup()
    DispatchQueue.global().async(group: group) { outData = out.fileHandleForReading.readDataToEndOfFile() }
    DispatchQueue.global().async(group: group) { errData = err.fileHandleForReading.readDataToEndOfFile() }
    meanwhile(process)
    group.wait()
    process.waitUntilExit()
    return Run(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }

  /// Writes `text` to a fresh file and returns its path.
  static func configFile(_ text: String, name: String = "model.json5") throws -> String {
    let dir = FileManager.default.temporaryDirectory
      .appendingPathComponent("gmemcheck-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }

  static func json(_ text: String) throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
  }
}
