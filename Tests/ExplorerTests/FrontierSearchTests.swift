import Testing

@testable import Explorer

/// The frontier engine against brute force and against the graph engine,
/// for every storage mode, thread count and a batch size small enough to
/// split every level.
@Suite struct FrontierSearchTests {
  static let seeds: [UInt64] = Array(1...25)

  /// Configurations of the engine that must all give the same answers.
  static func variants(_ g: ExplicitGraph, _ properties: [Property<Node>] = [], deadlock: Bool = false,
    limits: SearchLimits = .init()) -> [FrontierSearch<ExplicitGraph>] {
    var out: [FrontierSearch<ExplicitGraph>] = []
    for threads in [1, 2, 3] {
      for exact in [false, true] {
        for batch in [1 << 15, 7] {
          var s = FrontierSearch(system: g, properties: properties, checkDeadlock: deadlock, limits: limits)
          (s.threads, s.exact, s.batchSize) = (threads, exact, batch)
          out.append(s)
        }
      }
    }
    return out
  }

  @Test(arguments: seeds)
  func countsDepthAndTransitionsMatchBruteForce(seed: UInt64) {
    let g = ExplicitGraph.random(nodes: 300, degree: 3, roots: 2, seed: seed)
    let truth = BruteForce(g)
    for s in Self.variants(g) {
      let r = s.run()
      #expect(r.states == truth.reachable.count)
      #expect(r.transitions == truth.edgeCount)
      #expect(r.depth == truth.eccentricity)
      #expect(r.verdict == .pass)
      #expect(r.completion == .exhausted)
    }
  }

  @Test(arguments: seeds)
  func tracesAreShortestAndTheSameAsTheGraphEngine(seed: UInt64) throws {
    let g = ExplicitGraph.random(nodes: 300, degree: 3, roots: 2, seed: seed)
    let bad: (Int) -> Bool = { $0 % 37 == 5 }
    let properties = [Property<Node>(always: "good") { !bad($0.id) }]
    let truth = BruteForce(g)
    let reference = BreadthFirstSearch(system: g, properties: properties).run()
    let expected = truth.shortestViolation(bad)
    for s in Self.variants(g, properties) {
      let r = s.run()
      #expect(r.properties[0].verdict == (expected == nil ? .pass : .fail))
      let trace = r.properties[0].counterexample
      #expect(trace?.steps.count == expected)
      #expect(trace.map(ids) == reference.properties[0].counterexample.map(ids))
      if let trace { #expect(bad(trace.final.id)) }
    }
  }

  func ids(_ t: Trace<Node, Int>) -> [Int] { [t.initial.id] + t.steps.map(\.state.id) }

  /// `violations` (every property at once) finds what the properties'
  /// own checks find: each property's shortest counterexample, by brute
  /// force, or none; and `holds` is never called.
  @Test(arguments: seeds)
  func propertiesCheckedTogetherFindEachShortestViolation(seed: UInt64) throws {
    let g = ExplicitGraph.random(nodes: 300, degree: 3, roots: 2, seed: seed)
    let bad: [(Int) -> Bool] = [{ $0 % 37 == 5 }, { $0 % 11 == 3 }, { _ in false }, { $0 % 37 == 5 }]
    let truth = BruteForce(g)
    let unused = bad.indices.map { i in Property<Node>(always: "p\(i)") { _ in Issue.record("holds called"); return true } }
    for var s in Self.variants(g, unused) {
      s.violations = { node in
        bad.indices.reduce(UInt64(0)) { bits, i in bad[i](node.id) ? bits | 1 << UInt64(i) : bits }
      }
      let r = s.run()
      for i in bad.indices {
        let expected = truth.shortestViolation(bad[i])
        #expect(r.properties[i].verdict == (expected == nil ? .pass : .fail))
        let trace = r.properties[i].counterexample
        #expect(trace?.steps.count == expected)
        if let trace { #expect(bad[i](trace.final.id)) }
      }
    }
  }

  @Test func deadlockIsTheFirstStuckStateInBreadthFirstOrder() throws {
    // 0 -> 1 -> 2 -> 3 (stuck); 0 -> 4 -> 5 (stuck, found at the same
    // depth as 2, so 3 is not the first).
    let g = ExplicitGraph(roots: [0], edges: [[1, 4], [2], [3], [], [5], []])
    for s in Self.variants(g, deadlock: true) {
      let r = s.run()
      let trace = try #require(r.properties.last?.counterexample)
      #expect(r.properties.last?.name == "Deadlock")
      #expect(ids(trace) == [0, 4, 5])
    }
  }

  @Test func stateLimitStopsAtExactlyTheLimit() {
    let g = ExplicitGraph.random(nodes: 2000, degree: 3, roots: 1, seed: 3)
    #expect(BruteForce(g).reachable.count > 100)
    for s in Self.variants(g, limits: SearchLimits(maxStates: 100)) {
      let r = s.run()
      #expect(r.states == 100)
      #expect(r.completion == .stateLimit)
      #expect(r.verdict == .incomplete)
    }
  }

  /// The states past the limit are not stored, so a violation among them
  /// is not reported; the first state stored after the limit is raised
  /// by one is.
  @Test func violationsPastTheStateLimitAreNotReported() throws {
    let g = ExplicitGraph.random(nodes: 2000, degree: 3, roots: 1, seed: 3)
    let truth = BruteForce(g)
    let near = try #require((1...).first { k in truth.distance.values.filter { $0 <= k }.count >= 50 })
    let within = truth.distance.values.filter { $0 <= near }.count
    #expect(within < truth.reachable.count)
    let properties = [Property<Node>(always: "near") { truth.distance[$0.id]! <= near }]
    for s in Self.variants(g, properties, limits: SearchLimits(maxStates: within)) {
      #expect(s.run().verdict == .incomplete)
    }
    for s in Self.variants(g, properties, limits: SearchLimits(maxStates: within + 1)) {
      let r = s.run()
      #expect(r.verdict == .fail)
      #expect(r.properties[0].counterexample?.steps.count == near + 1)
    }
  }

  @Test(arguments: [0, 1, 3])
  func depthLimitKeepsExactlyTheStatesWithinIt(maxDepth: Int) {
    let g = ExplicitGraph.random(nodes: 500, degree: 3, roots: 1, seed: 11)
    let truth = BruteForce(g)
    let within = truth.distance.values.filter { $0 <= maxDepth }.count
    for s in Self.variants(g, limits: SearchLimits(maxDepth: maxDepth)) {
      let r = s.run()
      #expect(r.states == within)
      #expect(r.completion == (within < truth.reachable.count ? .depthLimit : .exhausted))
    }
  }

  @Test func exactStorageSurvivesCollidingFingerprints() {
    var g = ExplicitGraph.random(nodes: 400, degree: 4, roots: 1, seed: 7)
    g.collide = true
    var s = FrontierSearch(system: g, properties: [])
    s.exact = true
    #expect(s.run().states == BruteForce(g).reachable.count)
    // Fingerprints alone cannot tell the states apart: the documented
    // cost of compact storage, and why its collision estimate is printed.
    s.exact = false
    #expect(s.run().states == 1)
    #expect(s.run().collisionProbability == 0)
  }

  @Test func largeGraphGrowsEveryShard() {
    let g = ExplicitGraph.random(nodes: 60_000, degree: 3, roots: 4, seed: 99)
    let truth = BruteForce(g)
    for threads in [1, 2] {
      var s = FrontierSearch(system: g, properties: [])
      s.threads = threads
      let r = s.run()
      #expect(r.states == truth.reachable.count)
      #expect(r.depth == truth.eccentricity)
    }
    #expect(truth.reachable.count > 40_000)
  }

  @Test func coverageCountsEveryTransitionAndNewState() {
    let g = ExplicitGraph.random(nodes: 300, degree: 3, roots: 1, seed: 4)
    var reference = BreadthFirstSearch(system: g, properties: [])
    reference.coverage = (["even", "odd"], { $0 % 2 })
    let expected = reference.run().coverage
    for var s in Self.variants(g) {
      s.coverage = (["even", "odd"], { $0 % 2 })
      #expect(s.run().coverage == expected)
    }
  }
}
