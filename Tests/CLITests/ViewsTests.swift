import Foundation
import Testing

/// `check --all-sizes --views`, as a user runs it.
@Suite struct ViewsTests {
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
