import Explorer
import Foundation
import GmemModel
import Invariants
import Testing

/// Every mutant property that fails concretely fails on the every-size
/// abstraction too, and `AllSizesCheck` turns that into a concrete
/// counterexample at the smallest N that fails, as short as the concrete
/// search's shortest there.
///
/// Every mutant, in the debug build (all nine take about 30 s of CPU,
/// mostly their concrete N = 3 searches; 212 s before the debug build
/// optimised the model). CI also checks each from the release build
/// through `check --all-sizes` (`.ci/run`), with the same assertions.
@Suite struct AllSizesMutantTests {
  static let all: [String] = {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Models/mutants")
    let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return files.sorted().filter { $0.hasSuffix(".json5") }.map { folder.appendingPathComponent($0).path }
  }()

  @Test func everyMutantIsCovered() {
    #expect(Self.all.count >= 9)
    // skip-refcount-check fails at N = 2 (found abstractly, then
    // concretised) and at N = 1; merge-with-pins at N = 1 alone.
    for q in ["skip-refcount-check", "merge-with-pins"] {
      #expect(Self.all.contains { $0.hasSuffix("/\(q).json5") }, "\(q)")
    }
  }

  @Test(arguments: all)
  func concreteFailuresAreFoundForEveryN(path: String) throws {
    let config = try ModelConfig.load(file: path, overrides: ["subpages=3"])
    // The concrete verdicts at N = 1...3, smallest failing N first.
    var failing: [String: (n: Int, length: Int)] = [:]
    for n in 1...3 {
      var c = config
      c.subpages = n
      let model = GuestMemfd(c)
      let invariants = Invariant.applicable(to: c)
      var search = FrontierSearch(system: model, properties: invariants.map { $0.property(for: model) })
      search.canonical = Canonicalizer(model).canonical
      for p in search.run().properties where p.verdict == .fail && failing[p.name] == nil {
        failing[p.name] = (n, p.counterexample!.steps.count)
      }
    }
    // skipUnmapOnConvert fails no safety property since revision 2 (its
    // zap is caught by the refcount check): nothing to compare there.
    for (name, concrete) in failing.sorted(by: { $0.key < $1.key }) {
      let result = AllSizesCheck(config, invariants: [Invariant.named(name)!]).run()
      guard case .fails(let n) = result.verdicts[0] else {
        Issue.record("\(path): \(name) fails at N = \(concrete.n) but --all-sizes says \(result.verdicts[0])")
        continue
      }
      #expect(n == concrete.n, "\(path): \(name) smallest N")
      let trace = result.check(for: result.verdicts[0])!.result.properties[0].counterexample!
      #expect(trace.steps.count == concrete.length, "\(path): \(name) trace length")
      if n > 1 {
        #expect(result.abstractTraces[0] != nil, "\(path): \(name) abstract verdict")
      }
    }
  }

  /// What `report --all-sizes` asks: the first concrete failure ends the
  /// check; the other properties are left undecided, and no abstract
  /// search runs when N = 1 already fails.
  @Test func stopAtFirstFailureLeavesTheRestUndecided() throws {
    let path = Self.all.first { $0.hasSuffix("/merge-with-pins.json5") }!
    let config = try ModelConfig.load(file: path, overrides: [])
    let invariants = Invariant.applicable(to: config)
    var check = AllSizesCheck(config, invariants: invariants)
    check.stopAtFirstFailure = true
    let result = check.run()
    #expect(result.abstract.isEmpty)
    for (i, v) in zip(invariants, result.verdicts) {
      #expect(v == (i.name == "NoUseAfterFree" ? .fails(subpages: 1) : .notDecided), "\(i.name)")
    }
  }
}
