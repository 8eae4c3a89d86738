import TestSupport
import Testing

@testable import Explorer

/// A graph whose transitions carry names; a fair class is a name.
struct NamedGraph: TransitionSystem {
  let roots: [Int]
  let edges: [[(to: Int, name: String)]]
  var ends: Set<Int> = []

  func initialStates() -> [Node] { roots.map { Node(id: $0, collide: false) } }
  func forEachSuccessor(of s: Node, _ body: (String, Node) -> Void) {
    for e in edges[s.id] { body(e.name, Node(id: e.to, collide: false)) }
  }
  func isProperEnd(_ s: Node) -> Bool { ends.contains(s.id) }

  func search(
    waiting: Set<Int>, fair: [String], abandons: Set<String> = [], limits: SearchLimits = .init(),
    exact: Bool = false
  ) -> PropertyResult<Node, String> {
    let fairness = Fairness<String>(classes: fair) { fair.firstIndex(of: $0) }
    let p = Eventually<Node, String>(
      "P", waiting: { waiting.contains($0.id) },
      abandons: abandons.isEmpty ? nil : { _, label, _ in abandons.contains(label) })
    var search = BreadthFirstSearch(system: self, properties: [], eventually: [p], fairness: fairness, limits: limits)
    search.exact = exact
    return search.run().properties[0]
  }
}

@Suite struct LivenessTests {
  // 0 -> 1 -> 2 -> 1: a cycle {1, 2}; 2 -> 3 leaves it.
  func loop(exit: String = "x", alsoFrom1: Bool = false) -> NamedGraph {
    NamedGraph(
      roots: [0],
      edges: [[(1, "a")], [(2, "b")] + (alsoFrom1 ? [(3, exit)] : []), [(1, "c"), (3, exit)], [(3, "stay")]])
  }

  @Test func unfairCycleWithoutFairnessIsALasso() throws {
    let r = loop().search(waiting: [1, 2], fair: [])
    #expect(r.verdict == .fail)
    #expect(try #require(r.counterexample).steps.map(\.label) == ["a"])
    #expect(try #require(r.cycle).map(\.label) == ["b", "c"])
  }

  @Test func fairExitDisabledSomewhereStillAllowsTheCycle() {
    // x is enabled at 2 only: a path that loops through 1 is fair.
    #expect(loop().search(waiting: [1, 2], fair: ["x"]).verdict == .fail)
  }

  @Test func fairExitEnabledEverywhereBreaksTheCycle() {
    // x enabled at 1 and 2, never taken inside the cycle: no fair lasso.
    #expect(loop(alsoFrom1: true).search(waiting: [1, 2], fair: ["x"]).verdict == .pass)
  }

  @Test func fairClassTakenInsideKeepsTheCycleAndTheLassoTakesIt() throws {
    // "b" is fair and enabled only at 1, inside the cycle.
    let g = loop(alsoFrom1: true)
    let r = g.search(waiting: [1, 2], fair: ["b"])
    #expect(r.verdict == .fail)
    #expect(try #require(r.cycle).map(\.label).contains("b"))
    // Both x and b fair: x is enabled everywhere and never taken inside.
    #expect(g.search(waiting: [1, 2], fair: ["b", "x"]).verdict == .pass)
  }

  @Test func goalOnTheCycleMeansNoViolation() {
    #expect(loop().search(waiting: [1], fair: []).verdict == .pass)
  }

  @Test func deadEndWhileWaitingIsALassoThatStays() throws {
    let g = NamedGraph(roots: [0], edges: [[(1, "a")], []])
    let r = g.search(waiting: [1], fair: ["a"])
    #expect(r.verdict == .fail)
    #expect(try #require(r.counterexample).steps.count == 1)
    #expect(try #require(r.cycle).isEmpty)
  }

  @Test func selfLoopIsACycleOfOneStep() throws {
    let g = NamedGraph(roots: [0], edges: [[(0, "spin"), (1, "go")], [(1, "stay")]])
    let r = g.search(waiting: [0], fair: [])
    #expect(try #require(r.cycle).map(\.label) == ["spin"])
    // With "go" fair and enabled at 0, spinning for ever is unfair.
    #expect(g.search(waiting: [0], fair: ["go"]).verdict == .pass)
  }

  @Test func abandoningTransitionWithAWayBack() throws {
    // 0 -ask-> 1 -refuse-> 0: refusing is giving up; the guest asks again.
    let g = NamedGraph(roots: [0], edges: [[(1, "ask")], [(0, "refuse"), (2, "grant")], [(2, "stay")]])
    let r = g.search(waiting: [], fair: ["refuse", "grant"], abandons: ["refuse"])
    #expect(r.verdict == .fail)
    #expect(try #require(r.counterexample).steps.map(\.label) == ["ask", "refuse"])
    #expect(try #require(r.cycle).map(\.label) == ["ask", "refuse"])
  }

  @Test func abandoningTransitionWithoutAWayBackIsFinite() throws {
    let g = NamedGraph(roots: [0], edges: [[(1, "refuse")], [(1, "stay")]])
    let r = g.search(waiting: [], fair: [], abandons: ["refuse"])
    #expect(r.verdict == .fail)
    #expect(r.cycle == nil)
  }

  @Test func shortestPrefixAmongSeveralViolations() throws {
    // A far cycle {3,4} and a near one {1,2}.
    let g = NamedGraph(
      roots: [0],
      edges: [[(5, "far"), (1, "near")], [(2, "n")], [(1, "n")], [(4, "f")], [(3, "f")], [(3, "in")]])
    let r = g.search(waiting: [1, 2, 3, 4], fair: [])
    #expect(try #require(r.counterexample).steps.map(\.label) == ["near"])
  }

  @Test func incompleteSearchGivesNoLivenessVerdict() {
    let r = loop().search(waiting: [1, 2], fair: [], limits: .init(maxStates: 2))
    #expect(r.verdict == .incomplete)
  }

  @Test func deadlockIsReportedUnlessAProperEnd() throws {
    var g = NamedGraph(roots: [0], edges: [[(1, "a"), (2, "b")], [], [(2, "c")]])
    var r = BreadthFirstSearch(system: g, properties: [], checkDeadlock: true).run()
    let deadlock = try #require(r.properties.first)
    #expect(deadlock.name == "Deadlock")
    #expect(deadlock.verdict == .fail)
    #expect(try #require(deadlock.counterexample).steps.map(\.state.id) == [1])
    g.ends = [1]
    r = BreadthFirstSearch(system: g, properties: [], checkDeadlock: true).run()
    #expect(r.properties[0].verdict == .pass)
  }

  /// Against brute force: a fair lasso exists iff some reachable set S of
  /// waiting states is strongly connected (with an edge inside) and, for
  /// every fair class, S has a state where it is disabled or an edge of it
  /// inside S; or some reachable waiting state has no transition at all.
  @Test func agreesWithSubsetEnumeration() {
    var outcomes: [Bool: Int] = [:]
    for seed in UInt64(1)...300 {
      let (found, expected) = lassoVersusBruteForce(seed: seed)
      #expect(found == expected, "seed \(seed)")
      outcomes[expected, default: 0] += 1
    }
    // Both answers occur, so the comparison means something.
    #expect(outcomes[true, default: 0] > 30 && outcomes[false, default: 0] > 30)
  }

  func lassoVersusBruteForce(seed: UInt64) -> (Bool, Bool) {
    var rng = SplitMix64(state: seed)
    let n = 7
    let names = ["p", "q", "r"]
    let edges: [[(to: Int, name: String)]] = (0..<n).map { _ in
      (0..<rng.below(3)).map { _ in (rng.below(n), names[rng.below(3)]) }
    }
    let waiting = Set((0..<n).filter { _ in rng.below(3) > 0 })
    let fair = names.filter { _ in rng.below(2) == 0 }
    let g = NamedGraph(roots: [0], edges: edges)
    let lasso = g.search(waiting: waiting, fair: fair)
    let found = lasso.verdict == .fail
    // Whole states kept: the same lasso, step by step.
    let exact = g.search(waiting: waiting, fair: fair, exact: true)
    #expect(exact.verdict == lasso.verdict, "seed \(seed)")
    #expect(exact.counterexample?.steps.map(\.state.id) == lasso.counterexample?.steps.map(\.state.id))
    #expect(exact.counterexample?.steps.map(\.label) == lasso.counterexample?.steps.map(\.label))
    #expect(exact.cycle?.map(\.state.id) == lasso.cycle?.map(\.state.id), "seed \(seed)")
    #expect(exact.cycle?.map(\.label) == lasso.cycle?.map(\.label), "seed \(seed)")

    var reach: Set<Int> = [0]
    var frontier = [0]
    while let v = frontier.popLast() {
      for e in edges[v] where reach.insert(e.to).inserted { frontier.append(e.to) }
    }
    let candidates = Array(reach.intersection(waiting)).sorted()
    var expected = candidates.contains { edges[$0].isEmpty }
    for mask in 1..<(1 << candidates.count) where !expected {
      let s = Set(candidates.indices.filter { mask & (1 << $0) != 0 }.map { candidates[$0] })
      let inside = s.flatMap { v in edges[v].filter { s.contains($0.to) }.map { (v, $0) } }
      guard !inside.isEmpty else { continue }
      // Strongly connected within S: every member reaches every other.
      let connected = s.allSatisfy { a in
        var seen: Set<Int> = [a]
        var stack = [a]
        while let v = stack.popLast() {
          for e in edges[v] where s.contains(e.to) && seen.insert(e.to).inserted { stack.append(e.to) }
        }
        return seen == s && (s.count > 1 || edges[a].contains { $0.to == a })
      }
      guard connected else { continue }
      let fairHere = fair.allSatisfy { k in
        s.contains { v in !edges[v].contains { $0.name == k } } || inside.contains { $0.1.name == k }
      }
      if fairHere { expected = true }
    }
    return (found, expected)
  }
}
