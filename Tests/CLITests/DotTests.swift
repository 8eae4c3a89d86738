import Foundation
import Testing

/// `check --dot FILE`: the state graph in Graphviz DOT.
@Suite struct DotTests {
  func dotFile() throws -> String {
    (try CLI.configFile("", name: "x") as NSString).deletingLastPathComponent + "/graph.dot"
  }

  @Test func smallGraphWithItsCounterexampleInRed() throws {
    let file = try dotFile()
    let r = try CLI.run([
      "check", "Models/mutants/merge-with-pins.json5", "--set", "subpages=1", "--dot", file,
    ])
    #expect(r.status == 1)
    let text = try String(contentsOfFile: file, encoding: .utf8)
    let lines = text.split(separator: "\n")
    let nodes = lines.filter { $0.hasPrefix("  s") && !$0.contains("->") }
    #expect(text.hasPrefix("// gmemcheck Models/mutants/merge-with-pins.json5: \(nodes.count) states"))
    #expect(r.stdout.contains("search: \(nodes.count) states"))
    // The 6-step counterexample: 6 red edges, 7 filled states.
    #expect(lines.filter { $0.contains("color=red") }.count == 6)
    #expect(nodes.filter { $0.contains("fillcolor") }.count == 7)
    #expect(text.contains("  s0 [label=\"H\\nhuge\", peripheries=2"))
    #expect(text.hasSuffix("}\n"))
  }

  /// Graphviz itself must parse it (CI installs graphviz; where it is
  /// missing this test says so and checks nothing more).
  @Test func graphvizParsesIt() throws {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/dot") else {
      print("graphvizParsesIt: /usr/bin/dot is not installed; CI installs it and runs this")
      return
    }
    let file = try dotFile()
    _ = try CLI.run(["check", "Models/host-starves-conversion.json5", "--set", "subpages=1", "--dot", file])
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/dot")
    p.arguments = ["-Tsvg", file, "-o", file + ".svg"]
    try p.run()
    p.waitUntilExit()
    #expect(p.terminationStatus == 0)
  }

  @Test func refusesALargeGraph() throws {
    let file = try dotFile()
    let r = try CLI.run(["check", "Models/default.json5", "--set", "subpages=3", "--dot", file])
    #expect(r.status == 2)
    #expect(r.stdout.isEmpty)
    #expect(r.stderr.contains("--dot draws at most 2,000 states and Models/default.json5 has more"))
    #expect(!FileManager.default.fileExists(atPath: file))
  }
}
