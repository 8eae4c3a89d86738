import Foundation
import Testing

/// Output files are opened before the search: a bad path is a usage
/// error at once, and `--dot` stops exploring at what it can draw.
@Suite struct OutputPathTests {
  func timed(_ args: [String]) throws -> (Run, Double) {
    let start = Date()
    let r = try CLI.run(args)
    return (r, Date().timeIntervalSince(start))
  }

  @Test(arguments: [
    ["check", "Models/default.json5", "--emit-scenario", "/nonexistent/x.scenario"],
    ["check", "Models/default.json5", "--dot", "/nonexistent/x.dot"],
    ["check", "Models/default.json5", "--dot", "Models"],
    ["report", "Models/", "-o", "/nonexistent/report.md"],
  ])
  func anUnwritableOutputFailsBeforeTheSearch(args: [String]) throws {
    // The checks these name take minutes in a debug build.
    let (r, seconds) = try timed(args)
    #expect(r.status == 2)
    #expect(r.stdout.isEmpty)
    #expect(r.stderr.split(separator: "\n").count == 1)
    #expect(r.stderr.contains(": cannot write '\(args.last!)': "), "\(r.stderr)")
    #expect(seconds < 5)
  }

  @Test func dotStopsAtTwoThousandStates() throws {
    let file = try CLI.configFile("", name: "graph.dot")
    try FileManager.default.removeItem(atPath: file)
    // 670,031 states: the whole graph would take a minute here.
    let (r, seconds) = try timed(["check", "Models/default.json5", "--dot", file])
    #expect(r.status == 2)
    #expect(r.stdout.isEmpty)
    #expect(r.stderr.contains("--dot draws at most 2,000 states and Models/default.json5 has more"))
    #expect(seconds < 5)
    #expect(!FileManager.default.fileExists(atPath: file))
  }

  @Test func aFileThatExistedKeepsItsContentWhenNothingIsWritten() throws {
    let file = try CLI.configFile("keep me", name: "out.scenario")
    let r = try CLI.run(["check", "Models/default.json5", "--set", "subpages=1", "--emit-scenario", file])
    #expect(r.status == 0)
    #expect(r.stderr.contains("no counterexample"))
    #expect(try String(contentsOfFile: file, encoding: .utf8) == "keep me")
    let made = (file as NSString).deletingLastPathComponent + "/new.scenario"
    _ = try CLI.run(["check", "Models/default.json5", "--set", "subpages=1", "--emit-scenario", made])
    #expect(!FileManager.default.fileExists(atPath: made))
  }
}
