import Foundation
import Testing

/// `check --all-sizes` with its views of two subpages (the default, or
/// `--views`), and without (`--no-views`), as a user runs it.
@Suite struct ViewsTests {
  @Test func viewsAreTheDefault() throws {
    let r = try CLI.run(["check", "Models/no-long-term-pins.json5", "--all-sizes"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("N >= 2: views of two subpages"))
    #expect(!r.stdout.contains("abstract states"), "no search ran")
    let off = try CLI.run(["check", "Models/no-long-term-pins.json5", "--all-sizes", "--no-views"])
    #expect(off.status == 0, "\(off.stderr)")
    #expect(!off.stdout.contains("views"))
    #expect(off.stdout.contains("abstract states"))
    #expect(off.stdout.hasSuffix("result: pass (7 safety properties hold for every folio size)\n"))
    let both = try CLI.run(["check", "Models/default.json5", "--all-sizes", "--views", "--no-views"])
    #expect(both.status == 2 && both.stdout.isEmpty)
    #expect(both.stderr.contains("--views and --no-views contradict each other"))
    let alone = try CLI.run(["check", "Models/default.json5", "--no-views"])
    #expect(alone.status == 2 && alone.stderr.contains("--no-views goes with --all-sizes"))
  }

  /// Views model one folio: with two, the check says it searched instead.
  @Test func twoFoliosSayTheViewsWereNotTried() throws {
    let r = try CLI.run([
      "check", "Models/default.json5", "--all-sizes", "--set", "folios=2", "--max-states", "2000",
    ])
    #expect(r.status == 3, "\(r.stderr)")
    #expect(r.stdout.contains("\nN >= 2: no views of two subpages: they model one folio, this design has\n"))
    #expect(r.stdout.contains("\n        2; the searches below decide every property\n"))
    let json = try CLI.run([
      "check", "Models/default.json5", "--all-sizes", "--set", "folios=2", "--max-states", "2000",
      "--format", "json",
    ])
    #expect(json.stdout.contains(#""viewsSkipped":"more than one folio""#))
  }

  /// The memory budget bounds the views' tables: they stop, say so, and
  /// prove nothing.
  @Test func theMemoryBudgetStopsTheViews() throws {
    let r = try CLI.run([
      "check", "Models/two-vcpus.json5", "--all-sizes", "--property", "NoPrivateInUserspace", "--max-memory", "2M",
    ])
    #expect(r.status == 3, "\(r.stderr)")
    #expect(r.stdout.contains("stopped by --max-memory 2 MiB: not every part was seen, not a proof"))
    #expect(r.stdout.contains("????  NoPrivateInUserspace"))
    #expect(r.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 })
  }

  /// An interrupt during the views ends the check with its summary, and
  /// the summary and the JSON both say the views were interrupted (not
  /// "exhausted", as the searches' completion alone said: none ran).
  @Test func anInterruptStopsTheViewsAndSaysSo() throws {
    let args = ["check", "Models/two-vcpus.json5", "--all-sizes", "--property", "NoPrivateInUserspace"]
    let (text, took) = try CLI.run(args, signal: SIGINT, after: 1.5)
    #expect(text.status == 3, "\(text.stderr)")
    #expect(took < 2)
    #expect(text.stdout.contains("interrupted"))
    #expect(text.stdout.hasSuffix("result: INCOMPLETE (interrupted; nothing proven)\n"))
    let (json, _) = try CLI.run(args + ["--format", "json"], signal: SIGINT, after: 1.5)
    #expect(json.status == 3, "\(json.stderr)")
    let j = try CLI.json(json.stdout)
    #expect(j["completion"] as? String == "interrupted")
    #expect(j["abstractStates"] as? Int == 0)
    #expect((j["views"] as? [[String: Any]])?.first?["completion"] as? String == "interrupted")
  }

  @Test func viewsProveADesignAndSaySo() throws {
    let r = try CLI.run(["check", "Models/no-long-term-pins.json5", "--all-sizes", "--views"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("N >= 2: views of two subpages"))
    #expect(r.stdout.contains("closed under the steps of every part"))
    #expect(r.stdout.contains("pass  NoUnboundedSpin           holds for every folio size"))
    #expect(!r.stdout.contains("abstract states"), "no search ran")
    for line in r.stdout.split(separator: "\n") { #expect(line.count <= 80, "\(line)") }
    let json = try CLI.run(["check", "Models/no-long-term-pins.json5", "--all-sizes", "--views", "--format", "json"])
    #expect(json.stdout.contains(#""views":[{"completion":"closed""#))
    #expect(json.stdout.contains(#""result":"pass""#))
  }

  /// A bound stops the views too; the check says so and proves nothing.
  @Test func aBoundStopsTheViews() throws {
    let r = try CLI.run(["check", "Models/no-long-term-pins.json5", "--all-sizes", "--views", "--max-states", "10"])
    #expect(r.status == 3)
    #expect(r.stdout.contains("stopped by --max-states 10: not every part was seen, not a proof"))
  }

  @Test func viewsWithoutAllSizesIsAUsageError() throws {
    let r = try CLI.run(["check", "Models/default.json5", "--views"])
    #expect(r.status == 2)
    #expect(r.stdout.isEmpty)
    #expect(r.stderr.contains("--views goes with --all-sizes"))
  }
}
