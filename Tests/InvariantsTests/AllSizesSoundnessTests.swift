import Explorer
import Foundation
import GmemModel
import Invariants
import Testing

/// The every-size abstraction against the concrete model: on every
/// catalog configuration and N = 2...`largest`, each concrete transition
/// out of each reachable state (symmetry-reduced) is matched by an
/// abstract transition between the states' abstractions (or both map to
/// one abstract state), and each safety property judges a concrete state
/// and its abstraction alike. By induction from the initial states, every
/// concrete reachable state maps into the abstract reachable set, and a
/// concrete violation is an abstract one.
@Suite struct AllSizesSoundnessTests {
  /// N = 2 by default (with ContentGhostTests, 18 s of CPU in the debug
  /// build); GMEMCHECK_ALL_SIZES_N=3 (or more) checks larger N as well
  /// (N = 3: 22 minutes of CPU, 2026-12-07), each configuration up to
  /// the 15 subpages a state holds.
  static let largest = max(
    2, Int(ProcessInfo.processInfo.environment["GMEMCHECK_ALL_SIZES_N"] ?? "") ?? 2)

  static let configs: [String] = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    var out: [String] = []
    for dir in ["Models", "Models/mutants"] {
      let folder = root.appendingPathComponent(dir)
      let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
      out += files.sorted().filter { $0.hasSuffix(".json5") }.map { folder.appendingPathComponent($0).path }
    }
    return out
  }()

  @Test func everyCatalogConfigurationIsCovered() {
    #expect(Self.configs.count >= 19)
  }

  @Test(arguments: configs)
  func concreteTransitionsMapToAbstractOnes(path: String) throws {
    let base = try ModelConfig.load(file: path)
    let abstraction = AbstractFolios(base)
    let invariants = Invariant.applicable(to: base)
    var successors: [AbstractState: Set<AbstractState>] = [:]
    func abstractSuccessors(_ a: AbstractState) -> Set<AbstractState> {
      if let known = successors[a] { return known }
      var found: Set<AbstractState> = []
      abstraction.forEachSuccessor(of: a) { _, b in found.insert(b) }
      successors[a] = found
      return found
    }
    for n in 2...max(2, min(Self.largest, GmemState.subpageCapacity / base.folios)) {
      var c = base
      c.subpages = n
      let model = GuestMemfd(c)
      let canonical = Canonicalizer(model)
      let alpha = { (s: GmemState) in abstraction.abstraction(of: WideState(s, model), n: n) }
      let start = canonical.canonical(model.initialState)
      #expect(abstraction.initialStates() == [alpha(start)], "\(path) N = \(n): initial state")
      var seen: Set<GmemState> = [start]
      var queue = [start]
      var misses = 0
      // The abstract verdicts, once per abstract state (many concrete
      // states share one).
      var verdicts: [AbstractState: [Bool]] = [:]
      while let s = queue.popLast() {
        let a = alpha(s)
        let held = verdicts[a] ?? invariants.map { $0.violation(in: a, of: abstraction) == nil }
        verdicts[a] = held
        for (inv, abstract) in zip(invariants, held) {
          let concrete = inv.holds(in: s, of: model)
          #expect(concrete == abstract, "\(path) N = \(n): \(inv.name) differs on \(model.describe(s).joined(separator: " / "))")
        }
        let next = abstractSuccessors(a)
        model.forEachSuccessor(of: s) { step, t in
          let b = alpha(t)
          if b != a && !next.contains(b) {
            misses += 1
            if misses <= 3 {
              let from = model.describe(s).joined(separator: " / ")
              let to = model.describe(t).joined(separator: " / ")
              let message = "\(path) N = \(n): \(model.describe(step.action)) from \(from) to \(to)"
              Issue.record(Comment(rawValue: message + ": no abstract transition"))
            }
          }
          let u = canonical.canonical(t)
          if seen.insert(u).inserted { queue.append(u) }
        }
      }
      #expect(misses == 0, "\(path) N = \(n)")
      #expect(!abstraction.overflow.isSet)
    }
  }
}
