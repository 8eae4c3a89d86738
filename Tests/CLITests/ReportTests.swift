import Foundation
import Testing

/// `gmemcheck report`, end to end on a small folder.
@Suite struct ReportTests {
  @Test func reportHasTheMatrixEachFailureDrawnAndEachConfiguration() throws {
    let quiet = "assume: ['hostQuiescesDuringConversion']"
    let good = try CLI.configFile("// a design\n{ subpages: 1, \(quiet) }", name: "good.json5")
    let dir = (good as NSString).deletingLastPathComponent
    try "{ subpages: 1, \(quiet), mutants: ['mergeWithPins'], expect: { NoUseAfterFree: 'fail' } }"
      .write(toFile: dir + "/bad.json5", atomically: true, encoding: .utf8)
    let out = dir + "/report.md"
    let r = try CLI.run(["report", dir, "-o", out])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.isEmpty)
    #expect(r.stderr.contains("wrote \(out): 2 configurations"))
    let text = try String(contentsOfFile: out, encoding: .utf8)
    #expect(text.hasPrefix("# guest_memfd huge-page designs: what gmemcheck finds\n"))
    #expect(text.contains("## How to read this"))
    let rows = text.split(separator: "\n").filter { $0.hasPrefix("| bad |") || $0.hasPrefix("| good |") }
    #expect(rows.count == 2)
    #expect(rows[0].hasPrefix("| bad | ") && rows[0].contains("| pass | pass | **FAIL** | pass |"))
    #expect(!rows[1].contains("FAIL"))
    #expect(text.contains("### bad: NoUseAfterFree"))
    #expect(text.contains("```mermaid\n%% gmemcheck \(dir)/bad.json5: counterexample for NoUseAfterFree\nsequenceDiagram"))
    #expect(text.contains("| step | action"))
    #expect(text.contains("### good\n\n`\(dir)/good.json5`:\n\n```json5\n// a design\n{ subpages: 1,"))
    // The same but for the seconds, every run.
    let again = try CLI.run(["report", dir])
    let strip = { (s: String) in s.replacing(#/\| [0-9]+\.[0-9]+ s \|/#, with: "| - s |") }
    #expect(strip(again.stdout) == strip(text))
  }

  @Test func committedReportIsTheCatalogs() throws {
    let text = try String(contentsOf: CLI.root.appendingPathComponent("docs/report.md"), encoding: .utf8)
    let files = try FileManager.default.subpathsOfDirectory(atPath: CLI.root.appendingPathComponent("Models").path)
      .filter { $0.hasSuffix(".json5") }
    for f in files {
      let name = String(f.dropLast(".json5".count))
      #expect(text.contains("| \(name) | "), "\(name) missing from docs/report.md")
    }
  }
}
