import TestSupport
import Testing

@testable import Explorer

/// Tokens, each with a small value, and a global value: a system that
/// treats the tokens alike (its rules see a token's own value, the global
/// value and the other tokens' values as a multiset), so renaming the
/// tokens is a symmetry. Token i's `A` moves are one fair class each
/// ("A i"); `B` moves are unfair.
struct Tokens: TransitionSystem {
  struct State: Fingerprinted, Hashable, CustomStringConvertible {
    var values: [Int]
    var global: Int
    var fingerprint: UInt64 {
      var h: UInt64 = 0xCBF2_9CE4_8422_2325
      for x in values + [global] { h = (h ^ UInt64(x + 1)) &* 0x100_0000_01B3 }
      return h
    }
    var description: String { "\(values)/\(global)" }
  }
  /// What a move of a token does, from (kind, own value, global, the
  /// others' values sorted): its new value and the new global value.
  typealias Rule = (String, Int, Int, [Int]) -> (value: Int, global: Int)?

  let tokens: Int
  let start: State
  let rule: Rule

  func initialStates() -> [State] { [start] }

  func forEachSuccessor(of s: State, _ body: (String, State) -> Void) {
    for kind in ["A", "B"] {
      for i in 0..<tokens {
        var others = s.values
        others.remove(at: i)
        guard let (v, g) = rule(kind, s.values[i], s.global, others.sorted()) else { continue }
        var t = s
        t.values[i] = v
        t.global = g
        body("\(kind)\(i)", t)
      }
    }
  }

  var fairness: Fairness<String> {
    Fairness(classes: (0..<tokens).map { "A \($0)" }) { $0.hasPrefix("A") ? Int($0.dropFirst())! : nil }
  }

  /// Tokens sorted by value (ties by number): the renaming sends token i
  /// to its place in that order, and its class with it.
  var reduction: Reduction<State> {
    func order(_ s: State) -> [Int] { s.values.indices.sorted { (s.values[$0], $0) < (s.values[$1], $1) } }
    return Reduction(
      canonical: { s in State(values: order(s).map { s.values[$0] }, global: s.global) },
      classMap: { s, _ in
        var map = [Int](repeating: 0, count: s.values.count)
        for (place, i) in order(s).enumerated() { map[i] = place }
        return map
      },
      classOrbits: Array(repeating: 0, count: tokens))
  }

  func check(_ p: Eventually<State, String>, reduced: Bool, threads: Int = 1, exact: Bool = false)
    -> PropertyResult<State, String>
  {
    var s = BreadthFirstSearch(system: self, properties: [], eventually: [p], fairness: fairness)
    if reduced { s.reduction = reduction }
    (s.threads, s.exact) = (threads, exact)
    return s.run().properties[0]
  }
}

@Suite struct ReducedLivenessTests {
  /// A token passed round a ring of three places (`Rotation`): the
  /// quotient is one state whose only edge is a self-loop that renames
  /// the places (a rotation), so the real cycle takes three laps of it,
  /// one move from each place, each its own fair class.
  @Test func aQuotientCycleThatClosesOnlyAfterThreeLaps() throws {
    let rotation = Rotation()
    let waiting = Eventually<Rotation.State, String>("never", waiting: { _ in true })
    var raw = BreadthFirstSearch(system: rotation, properties: [], eventually: [waiting], fairness: rotation.fairness)
    let unreduced = raw.run()
    raw.reduction = rotation.reduction
    let reduced = raw.run()
    #expect(unreduced.states == 3 && reduced.states == 1)
    let lasso = try #require(reduced.properties[0].cycle)
    #expect(unreduced.properties[0].verdict == .fail && reduced.properties[0].verdict == .fail)
    #expect(lasso.count == 3, "unwound cycle \(lasso.count), unreduced \(unreduced.properties[0].cycle?.count ?? -1)")
    #expect(lasso.map(\.label) == ["move 0", "move 1", "move 2"])
    #expect(lasso.last?.state == reduced.properties[0].counterexample?.final)
    raw.exact = true
    let exact = raw.run()
    #expect(exact.properties[0].cycle?.map(\.state) == lasso.map(\.state))
  }

  /// The quotient alone would be wrong here: two tokens, each with a
  /// fair move; in the component {(1,0), (2,0)} token 0 flips between 1
  /// and 2 while token 1's move, enabled throughout, leaves it. In the
  /// quotient the two moves are one orbit and token 0's is taken inside,
  /// but no renaming links the tokens within the component (H is
  /// trivial), so token 1's move is owed: no fair cycle.
  @Test func fairnessIsPerTokenNotPerOrbit() {
    let flip = Tokens(tokens: 2, start: .init(values: [0, 0], global: 0)) { kind, own, global, others in
      guard kind == "A", global == 0 else { return nil }
      if own == 0 && others == [0] { return (1, 0) }
      if own >= 1 { return (3 - own, 0) }
      return (0, 1)  // own == 0, the other token is moving: leave
    }
    let p = Eventually<Tokens.State, String>("leaves", waiting: { $0.global == 0 })
    let raw = flip.check(p, reduced: false)
    let reduced = flip.check(p, reduced: true)
    #expect(raw.verdict == .pass)
    #expect(reduced.verdict == .pass)
  }

  /// On random token systems, the reduced graph's verdict is the
  /// unreduced one's, its lasso's prefix is as long, and its lasso is a
  /// fair lasso of the real system.
  @Test func agreesWithTheUnreducedGraph() throws {
    var outcomes: [Verdict: Int] = [:]
    for seed in UInt64(1)...250 {
      let (system, property) = randomTokens(seed: seed)
      let raw = system.check(property, reduced: false)
      let reduced = system.check(property, reduced: true)
      #expect(raw.verdict == reduced.verdict, "seed \(seed)")
      outcomes[raw.verdict, default: 0] += 1
      // The same lasso when successors are made on two threads.
      let twoThreads = system.check(property, reduced: true, threads: 2)
      #expect(twoThreads.verdict == reduced.verdict)
      #expect(twoThreads.counterexample?.steps.map(\.state) == reduced.counterexample?.steps.map(\.state))
      #expect(twoThreads.cycle?.map(\.state) == reduced.cycle?.map(\.state))
      // Whole states kept, or made again from fingerprints' numbers: the
      // same lasso, step by step, reduced or not.
      for (fingerprints, exact) in [
        (reduced, system.check(property, reduced: true, exact: true)),
        (raw, system.check(property, reduced: false, exact: true)),
      ] {
        #expect(exact.verdict == fingerprints.verdict, "seed \(seed)")
        #expect(exact.counterexample?.steps.map(\.state) == fingerprints.counterexample?.steps.map(\.state))
        #expect(exact.counterexample?.steps.map(\.label) == fingerprints.counterexample?.steps.map(\.label))
        #expect(exact.cycle?.map(\.state) == fingerprints.cycle?.map(\.state), "seed \(seed)")
        #expect(exact.cycle?.map(\.label) == fingerprints.cycle?.map(\.label), "seed \(seed)")
      }
      guard raw.verdict == .fail, reduced.verdict == .fail else { continue }
      let (a, b) = (raw.counterexample!.steps.count, reduced.counterexample!.steps.count)
      #expect(
        a == b,
        "seed \(seed): prefix \(a) unreduced, \(b) reduced; cycle \(raw.cycle?.count ?? -1) unreduced, \(reduced.cycle?.count ?? -1) reduced"
      )
      #expect(isFairLasso(reduced, of: system, property), "seed \(seed)")
    }
    #expect(outcomes[.pass, default: 0] > 25 && outcomes[.fail, default: 0] > 25)
  }

  func randomTokens(seed: UInt64) -> (Tokens, Eventually<Tokens.State, String>) {
    var rng = SplitMix64(state: seed)
    var table: [String: (Int, Int)?] = [:]
    let values = 3
    for kind in ["A", "B"] {
      for own in 0..<values {
        for g in 0..<2 {
          for a in 0..<values {
            for b in a..<values {
              let enabled = rng.below(kind == "A" ? 2 : 4) == 0
              table["\(kind)\(own)\(g)\(a)\(b)"] = enabled ? (rng.below(values), rng.below(2)) : nil
            }
          }
        }
      }
    }
    let rule: Tokens.Rule = { kind, own, g, others in
      table["\(kind)\(own)\(g)\(others[0])\(others[1])"] ?? nil
    }
    let system = Tokens(tokens: 3, start: .init(values: [0, 0, 0], global: 0), rule: rule)
    let salt = rng.next()
    let abandon = rng.below(3) == 0
    // Symmetric: a function of the value multiset and the global value.
    let property = Eventually<Tokens.State, String>(
      "P", waiting: { s in (s.values.sorted().reduce(Int(salt % 7)) { $0 * 3 + $1 } + s.global) % 3 != 0 },
      abandons: abandon ? { s, label, t in label.hasPrefix("B") && s.global == 0 && t.global == 1 } : nil)
    return (system, property)
  }

  /// A lasso of the real system: a path from the start; then either an
  /// abandoning last step, or a cycle back to the prefix's end through
  /// waiting states that is weakly fair (each class disabled somewhere on
  /// it or taken), or a waiting dead end.
  func isFairLasso(_ r: PropertyResult<Tokens.State, String>, of system: Tokens, _ p: Eventually<Tokens.State, String>) -> Bool {
    func successors(_ s: Tokens.State) -> [(String, Tokens.State)] {
      var out: [(String, Tokens.State)] = []
      system.forEachSuccessor(of: s) { out.append(($0, $1)) }
      return out
    }
    func isPath(from s: Tokens.State, _ steps: [Trace<Tokens.State, String>.Step]) -> Bool {
      var at = s
      for step in steps {
        guard successors(at).contains(where: { $0.0 == step.label && $0.1 == step.state }) else { return false }
        at = step.state
      }
      return true
    }
    guard let prefix = r.counterexample, system.initialStates().contains(prefix.initial),
      isPath(from: prefix.initial, prefix.steps)
    else { return false }
    let end = prefix.final
    if let last = prefix.steps.last, let abandons = p.abandons {
      let before = prefix.steps.count > 1 ? prefix.steps[prefix.steps.count - 2].state : prefix.initial
      if abandons(before, last.label, last.state) {
        guard let cycle = r.cycle else { return true }
        return isPath(from: end, cycle) && cycle.last?.state == end
      }
    }
    guard let cycle = r.cycle, p.waiting(end) else { return false }
    if cycle.isEmpty { return successors(end).isEmpty }
    guard isPath(from: end, cycle), cycle.last?.state == end, cycle.allSatisfy({ p.waiting($0.state) })
    else { return false }
    let states = [end] + cycle.map(\.state)
    let fairness = system.fairness
    return fairness.classes.indices.allSatisfy { k in
      states.contains { s in !successors(s).contains { fairness.classOf($0.0) == k } }
        || cycle.contains { fairness.classOf($0.label) == k }
    }
  }
}

/// Three places on a ring and one token: `move i` passes it from place i
/// to place i + 1. Renaming the places by a rotation is a symmetry; the
/// canonical form puts the token at place 0.
struct Rotation: TransitionSystem {
  struct State: Fingerprinted, Hashable {
    var at: Int
    var fingerprint: UInt64 { UInt64(at + 1) &* 0x9E37_79B9_7F4A_7C15 }
  }
  func initialStates() -> [State] { [State(at: 0)] }
  func forEachSuccessor(of s: State, _ body: (String, State) -> Void) {
    body("move \(s.at)", State(at: (s.at + 1) % 3))
  }
  var fairness: Fairness<String> {
    Fairness(classes: ["move 0", "move 1", "move 2"]) { Int($0.dropFirst(5)) }
  }
  /// Rotating by -at takes the token to place 0, and class i to i - at.
  var reduction: Reduction<State> {
    Reduction(
      canonical: { _ in State(at: 0) },
      classMap: { s, _ in (0..<3).map { ($0 - s.at + 3) % 3 } },
      classOrbits: [0, 0, 0])
  }
}
