import Foundation
import GmemModel
import Invariants
import Testing

/// Content (`trackData`) is a ghost: no step reads it. The every-size
/// check relies on that to search the properties that do not read it on
/// the model without content (`ModelConfig.withoutContent`). Here, on
/// each catalog configuration that tracks content and N = 1...`largest`,
/// from every reachable state (unreduced) the design makes exactly the
/// moves its content-free twin makes from the state with content erased
/// (the same steps, outcomes and error offsets, to the erased states; a
/// migrated page's stale pins, which only a write reads, are erased too), and
/// each property that does not read content judges both alike. By
/// induction the two reachable sets match, erased, state for state.
@Suite struct ContentGhostTests {
  /// N = 1 and 2 by default; GMEMCHECK_ALL_SIZES_N=3 (or more) goes on.
  static let largest = max(
    2, Int(ProcessInfo.processInfo.environment["GMEMCHECK_ALL_SIZES_N"] ?? "") ?? 2)

  static let configs: [String] = AllSizesSoundnessTests.configs.filter {
    (try? ModelConfig.load(file: $0))?.trackData == true
  }

  struct Move: Hashable {
    let step: Step
    let next: GmemState
  }

  static func erased(_ s: GmemState, _ subpages: Int) -> GmemState {
    var t = s
    for p in 0..<subpages {
      t[subpage: p].written = false
      t[subpage: p].expectedWritten = false
      t[subpage: p].stalePins = false
    }
    return t
  }

  @Test func theCatalogTracksContentSomewhere() {
    // in-place-content, scrub-on-conversion, migrate-shared-4k, and the
    // migrate-pinned mutant.
    #expect(Self.configs.count >= 4)
  }

  @Test func onlyNoSilentDataLossReadsContent() {
    #expect(Invariant.all.filter(\.readsContent).map(\.name) == ["NoSilentDataLoss"])
  }

  @Test(arguments: configs)
  func contentChangesNoMove(path: String) throws {
    let base = try ModelConfig.load(file: path)
    let blind = Invariant.applicable(to: base).filter { !$0.readsContent }
    for n in 1...Self.largest {
      var c = base
      c.subpages = n
      let (model, twin) = (GuestMemfd(c), GuestMemfd(c.withoutContent))
      let total = c.totalSubpages
      #expect(Self.erased(model.initialState, total) == twin.initialState, "\(path) N = \(n)")
      var seen: Set<GmemState> = [model.initialState]
      var queue = [model.initialState]
      var differences = 0
      while let s = queue.popLast() {
        let e = Self.erased(s, total)
        var moves: Set<Move> = []
        model.forEachSuccessor(of: s) { step, t in
          moves.insert(Move(step: step, next: Self.erased(t, total)))
          if seen.insert(t).inserted { queue.append(t) }
        }
        var twinMoves: Set<Move> = []
        twin.forEachSuccessor(of: e) { step, t in twinMoves.insert(Move(step: step, next: t)) }
        for inv in blind where inv.holds(in: s, of: model) != inv.holds(in: e, of: twin) {
          Issue.record("\(path) N = \(n): \(inv.name) reads content in \(model.describe(s).joined(separator: " / "))")
        }
        if moves != twinMoves {
          differences += 1
          if differences <= 3 {
            let extra = moves.symmetricDifference(twinMoves).map { model.describe($0.step.action) }
            Issue.record("\(path) N = \(n): moves differ from \(model.describe(s).joined(separator: " / ")): \(extra)")
          }
        }
      }
      #expect(differences == 0, "\(path) N = \(n)")
    }
  }
}
