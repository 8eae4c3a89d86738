import Explorer
import GmemModel
import Invariants
import Testing

/// The default design keeps every property. State counts are the ones an
/// independent implementation of MODEL.md (written apart from this one)
/// reported for the same configurations.
@Suite struct DesignVerdictTests {
  @Test(arguments: [
    (config(subpages: 1), 47, 8),
    (config(subpages: 2), 1407, 12),
    (config(subpages: 3), 31067, 16),
    (config(backing: .base, folios: 2, subpages: 1), 2092, 17),
    (config(subpages: 2, initShared: true), 1407, 10),
    (config(backing: .base, folios: 1, subpages: 3), 97752, 19),
  ] as [(ModelConfig, Int, Int)])
  func defaultDesignPassesEverything(c: ModelConfig, states: Int, depth: Int) {
    let r = check(c)
    #expect(r.verdict == .pass)
    #expect(r.properties.map(\.name) == Invariant.all.map(\.name).filter { $0 != "NoSilentDataLoss" })
    #expect(r.properties.allSatisfy { $0.verdict == .pass })
    #expect(r.states == states)
    #expect(r.depth == depth)
  }

  @Test func contentIsCheckedOnlyWithTrackData() {
    #expect(Invariant.applicable(to: config()).count == Invariant.all.count - 1)
    let tracked = config { $0.trackData = true }
    #expect(Invariant.applicable(to: tracked).map(\.name) == Invariant.all.map(\.name))
    let r = check(config(subpages: 2) { $0.trackData = true })
    #expect(r.verdict == .pass)
    #expect(r.properties.count == Invariant.all.count)
  }

  @Test func baseBackingMutantCountMatchesTheIndependentOne() {
    let r = check(config(folios: 1, subpages: 2, backing: .base, mutants: [.skipRefcountCheck]))
    #expect(r.states == 4640)
    #expect(r.depth == 14)
  }
}

func config(backing: Backing, folios: Int, subpages: Int) -> ModelConfig {
  config(folios: folios, subpages: subpages, backing: backing)
}
