import Explorer
import Foundation
import GmemModel
import Invariants
import Testing

/// The every-size search with two vCPUs stores one abstract state of each
/// pair that differ only by which vCPU is which. That is sound if the
/// renaming is a symmetry of the abstract system: checked here on the
/// abstract states of `two-vcpus` a brute-force breadth-first search
/// reaches (unreduced), against the swap computed independently of the
/// search.
@Suite struct AllSizesSymmetryTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  static func config(_ name: String, _ overrides: [String] = []) throws -> ModelConfig {
    try ModelConfig.load(file: root.appendingPathComponent("Models/\(name).json5").path, overrides: overrides)
  }

  /// The abstract states within `depth` steps of the start, unreduced,
  /// by level.
  static func levels(_ abstraction: AbstractFolios, depth: Int) -> [[AbstractState]] {
    var seen = Set(abstraction.initialStates())
    var levels = [abstraction.initialStates()]
    for _ in 0..<depth {
      var next: [AbstractState] = []
      for a in levels.last! {
        abstraction.forEachSuccessor(of: a) { _, b in
          if seen.insert(b).inserted { next.append(b) }
        }
      }
      levels.append(next)
    }
    return levels
  }

  static func successors(_ abstraction: AbstractFolios, _ a: AbstractState) -> Set<AbstractState> {
    var found: Set<AbstractState> = []
    abstraction.forEachSuccessor(of: a) { _, b in found.insert(b) }
    return found
  }

  @Test func theSwapIsASymmetryOfTheAbstraction() throws {
    let config = try Self.config("two-vcpus")
    let abstraction = AbstractFolios(config)
    let invariants = Invariant.applicable(to: config)
    let states = Self.levels(abstraction, depth: 6).joined()
    var bothRequests = 0
    var sameSubpage = 0
    for a in states {
      let b = abstraction.swappingVCPUs(a)
      #expect(abstraction.swappingVCPUs(b) == a, "the swap is an involution")
      var moved = a.request(1)
      moved?.sameAsVCPU0 = false
      #expect(b.request(0) == moved, "vCPU 1's request becomes vCPU 0's")
      #expect(abstraction.canonical(a) == abstraction.canonical(b))
      #expect([a, b].contains(abstraction.canonical(a)))
      if a.request(0) != nil && a.request(1) != nil { bothRequests += 1 }
      if a.request(1)?.sameAsVCPU0 == true {
        sameSubpage += 1
        #expect(b.request(1)?.sameAsVCPU0 == true && b.markKey(0) == a.markKey(0))
      }
      // Successors, swapped, are the swap's successors.
      let swapped = Set(Self.successors(abstraction, a).map(abstraction.swappingVCPUs))
      #expect(swapped == Self.successors(abstraction, b), "successors of a swapped state")
      for inv in invariants {
        let judged = inv.violation(in: a, of: abstraction) == nil
        #expect(judged == (inv.violation(in: b, of: abstraction) == nil), "\(inv.name)")
      }
    }
    // The states checked include the cases the swap treats apart.
    #expect(bothRequests > 0 && sameSubpage > 0)
  }

  /// The engine with `canonical` stores exactly the classes of the states
  /// the unreduced search reaches, level by level.
  @Test func theReducedSearchStoresOneStateAClass() throws {
    let abstraction = AbstractFolios(try Self.config("two-vcpus"))
    let depth = 5
    let classes = Set(Self.levels(abstraction, depth: depth).joined().map(abstraction.canonical))
    var search = FrontierSearch(system: abstraction, properties: [], limits: SearchLimits(maxDepth: depth))
    search.canonical = abstraction.canonical
    let reduced = search.run()
    #expect(reduced.states == classes.count)
    let unreduced = FrontierSearch(system: abstraction, properties: [], limits: SearchLimits(maxDepth: depth)).run()
    #expect(reduced.states < unreduced.states)
  }

  /// With two vCPUs a mutant's abstract violation is found as soon (the
  /// same length of trace) with the vCPUs renamed as without, and
  /// concretised alike.
  @Test func aViolationIsFoundAsSoonReduced() throws {
    let path = Self.root.appendingPathComponent("Models/mutants/skip-refcount-check.json5").path
    let config = try ModelConfig.load(file: path, overrides: ["vcpus=2"])
    var results: [AllSizesResult] = []
    for symmetry in [true, false] {
      var check = AllSizesCheck(config, invariants: [Invariant.named("NoPrivateInUserspace")!])
      check.symmetry = symmetry
      check.views = false
      check.concretiseUpTo = 2
      results.append(check.run())
    }
    let (reduced, plain) = (results[0], results[1])
    #expect(reduced.vcpuSymmetry && !plain.vcpuSymmetry)
    #expect(reduced.verdicts == plain.verdicts)
    let a = try #require(reduced.abstractTraces[0])
    let b = try #require(plain.abstractTraces[0])
    #expect(a.trace.steps.count == b.trace.steps.count)
    #expect(reduced.abstract[0].result.states <= plain.abstract[0].result.states)
  }
}
