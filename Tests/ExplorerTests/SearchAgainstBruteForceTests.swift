import Testing

@testable import Explorer

@Suite struct SearchAgainstBruteForceTests {
  static let seeds: [UInt64] = Array(1...40)

  @Test(arguments: seeds)
  func countsDepthAndTransitionsMatch(seed: UInt64) {
    let g = ExplicitGraph.random(nodes: 300, degree: 3, roots: 2, seed: seed)
    let truth = BruteForce(g)
    let r = BreadthFirstSearch(system: g, properties: []).run()
    #expect(r.states == truth.reachable.count)
    #expect(r.transitions == truth.edgeCount)
    #expect(r.depth == truth.eccentricity)
    #expect(r.completion == .exhausted)
    #expect(r.verdict == .pass)
  }

  @Test(arguments: seeds)
  func shortestCounterexampleIsShortestAndValid(seed: UInt64) throws {
    let g = ExplicitGraph.random(nodes: 300, degree: 3, roots: 2, seed: seed)
    let bad: (Int) -> Bool = { $0 % 37 == 5 }
    let truth = BruteForce(g)
    let r = BreadthFirstSearch(system: g, properties: [Property(always: "good") { !bad($0.id) }]).run()
    let expected = truth.shortestViolation(bad)
    #expect(r.properties[0].verdict == (expected == nil ? .pass : .fail))
    guard let length = expected else { return }
    let trace = try #require(r.properties[0].counterexample)
    #expect(trace.steps.count == length)
    #expect(g.roots.contains(trace.initial.id))
    var at = trace.initial.id
    for step in trace.steps {
      #expect(g.edges[at].contains(step.state.id))
      #expect(step.label == step.state.id)
      at = step.state.id
    }
    #expect(bad(at))
  }

  @Test func collidingFingerprintsStillCountExactly() {
    var g = ExplicitGraph.random(nodes: 400, degree: 4, roots: 1, seed: 7)
    g.collide = true
    let r = BreadthFirstSearch(system: g, properties: []).run()
    #expect(r.states == BruteForce(g).reachable.count)
  }

  @Test func largeGraphGrowsTheTable() {
    let g = ExplicitGraph.random(nodes: 60_000, degree: 3, roots: 4, seed: 99)
    let truth = BruteForce(g)
    let r = BreadthFirstSearch(system: g, properties: []).run()
    #expect(truth.reachable.count > 10_000)
    #expect(r.states == truth.reachable.count)
    #expect(r.depth == truth.eccentricity)
  }

  @Test func sameTraceEveryRun() throws {
    let g = ExplicitGraph.random(nodes: 2000, degree: 2, roots: 3, seed: 5)
    let truth = BruteForce(g)
    let far = try #require(truth.distance.max { $0.value < $1.value }?.key)
    let p = Property<Node>(always: "p") { $0.id != far }
    let a = try #require(BreadthFirstSearch(system: g, properties: [p]).run().properties[0].counterexample)
    let b = try #require(BreadthFirstSearch(system: g, properties: [p]).run().properties[0].counterexample)
    #expect(a.steps.count == truth.eccentricity)
    #expect(a.steps.count >= 3)
    #expect(a.steps.map(\.state.id) == b.steps.map(\.state.id))
  }
}
