import Foundation
import Testing

/// `--format mermaid` and `--format table`, against golden files that were
/// read and approved by hand (Tests/CLITests/Golden).
@Suite struct DiagramFormatTests {
  func golden(_ name: String) throws -> String {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Golden").appendingPathComponent(name)
    return try String(contentsOf: url, encoding: .utf8)
  }

  @Test func mermaidSequenceDiagramOfASafetyTrace() throws {
    let r = try CLI.run([
      "check", "Models/mutants/merge-with-pins.json5", "--set", "subpages=1", "--format", "mermaid",
    ])
    #expect(r.status == 1)
    #expect(r.stdout == (try golden("merge-with-pins.mermaid")))
  }

  @Test func markdownTableOfALasso() throws {
    let r = try CLI.run([
      "check", "Models/host-starves-conversion.json5", "--set", "subpages=1", "--property",
      "ConversionCompletes", "--format", "table",
    ])
    #expect(r.status == 1)
    #expect(r.stdout == (try golden("host-starves-conversion.table")))
  }

  @Test func mermaidMarksALassoCycleAsALoop() throws {
    let r = try CLI.run([
      "check", "Models/host-starves-conversion.json5", "--set", "subpages=1", "--property",
      "ConversionCompletes", "--format", "mermaid",
    ])
    let lines = r.stdout.split(separator: "\n").map(String.init)
    let loop = try #require(lines.firstIndex(of: "    loop repeats for ever"))
    #expect(lines[loop - 1] == "    G->>M: 3. guestRequest p0 to private: ok")
    #expect(lines[loop + 3] == "        V-xM: 6. convert p0 to private: EAGAIN at p0")
    #expect(lines[loop + 6] == "    end")
  }

  @Test func passingCheckSaysSoInEachFormat() throws {
    for format in ["mermaid", "table"] {
      let r = try CLI.run(["check", "Models/default.json5", "--set", "subpages=1", "--format", format])
      #expect(r.status == 0)
      #expect(r.stdout.contains("pass, no counterexample"))
    }
  }
}

extension DiagramFormatTests {
  /// The text report of a small counterexample, but for the timing line.
  @Test func textOfASafetyTrace() throws {
    let r = try CLI.run(["check", "Models/mutants/merge-with-pins.json5", "--set", "subpages=1"])
    let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("states/s") }
    #expect(lines.joined(separator: "\n") == (try golden("merge-with-pins.txt")))
  }

  /// A lasso whose cycle is a failed ioctl, with its error offset.
  @Test func textOfALassoWithAnErrorOffset() throws {
    let r = try CLI.run(["check", "Models/mutants/skip-unmap-on-convert.json5", "--set", "subpages=1"])
    let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("states/s") }
    #expect(lines.joined(separator: "\n") == (try golden("skip-unmap-on-convert.txt")))
  }

  /// The JSON of a safety trace, but for the two timing fields.
  @Test func jsonOfASafetyTrace() throws {
    let r = try CLI.run([
      "check", "Models/mutants/merge-with-pins.json5", "--set", "subpages=1", "--format", "json",
    ])
    func canonical(_ text: String) throws -> Data {
      var j = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
      j["seconds"] = 0
      j["statesPerSecond"] = 0
      return try JSONSerialization.data(withJSONObject: j, options: .sortedKeys)
    }
    #expect(try canonical(r.stdout) == canonical(try golden("merge-with-pins.json")))
  }
}
