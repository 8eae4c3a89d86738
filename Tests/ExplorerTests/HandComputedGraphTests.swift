import Testing

@testable import Explorer

/// A W x H grid walked by +x and +y steps: (W+1)(H+1) states, 2WH + W + H
/// transitions, depth W + H; the corner (a, b) is a+b steps away.
struct Grid: TransitionSystem {
  struct Point: Fingerprinted, Hashable {
    let x: Int, y: Int
    var fingerprint: UInt64 { UInt64(x * 1000 + y) &* 0x9E37_79B9_7F4A_7C15 }
  }
  let width: Int, height: Int
  func initialStates() -> [Point] { [Point(x: 0, y: 0)] }
  func forEachSuccessor(of s: Point, _ body: (String, Point) -> Void) {
    if s.x < width { body("x", Point(x: s.x + 1, y: s.y)) }
    if s.y < height { body("y", Point(x: s.x, y: s.y + 1)) }
  }
}

@Suite struct HandComputedGraphTests {
  @Test func gridCounts() {
    let r = BreadthFirstSearch(system: Grid(width: 7, height: 4), properties: []).run()
    #expect(r.states == 40)
    #expect(r.transitions == 2 * 7 * 4 + 7 + 4)
    #expect(r.depth == 11)
    #expect(r.verdict == .pass)
  }

  @Test func gridShortestPathAndItsOrder() throws {
    let p = Property<Grid.Point>(always: "not (3,2)") { !($0.x == 3 && $0.y == 2) }
    let r = BreadthFirstSearch(system: Grid(width: 7, height: 4), properties: [p]).run()
    let trace = try #require(r.properties[0].counterexample)
    #expect(trace.steps.count == 5)
    // Breadth-first in successor order reaches (3,2) first along x,x,x,y,y.
    #expect(trace.steps.map(\.label) == ["x", "x", "x", "y", "y"])
    #expect(r.verdict == .fail)
    // The search goes on after a violation: every state is still counted.
    #expect(r.states == 40)
  }

  @Test func violatingInitialStateHasEmptyTrace() throws {
    let p = Property<Grid.Point>(always: "never") { _ in false }
    let r = BreadthFirstSearch(system: Grid(width: 2, height: 2), properties: [p]).run()
    let trace = try #require(r.properties[0].counterexample)
    #expect(trace.steps.isEmpty)
    #expect(trace.initial == Grid.Point(x: 0, y: 0))
  }

  @Test func eachPropertyGetsItsOwnShortestTrace() throws {
    let near = Property<Grid.Point>(always: "near") { !($0.x == 1 && $0.y == 0) }
    let far = Property<Grid.Point>(always: "far") { !($0.x == 7 && $0.y == 4) }
    let ok = Property<Grid.Point>(always: "ok") { $0.x <= 7 }
    let r = BreadthFirstSearch(system: Grid(width: 7, height: 4), properties: [near, far, ok]).run()
    #expect(try #require(r.properties[0].counterexample).steps.count == 1)
    #expect(try #require(r.properties[1].counterexample).steps.count == 11)
    #expect(r.properties[2].verdict == .pass)
    #expect(r.properties.map(\.name) == ["near", "far", "ok"])
  }

  @Test func duplicateInitialStatesCountOnce() {
    let g = ExplicitGraph(roots: [0, 0, 1], edges: [[1], [2], []])
    let r = BreadthFirstSearch(system: g, properties: []).run()
    #expect(r.states == 3)
    #expect(r.depth == 1)
  }

  @Test func selfLoopsAddNothing() {
    let g = ExplicitGraph(roots: [0], edges: [[0, 1], [1]])
    let r = BreadthFirstSearch(system: g, properties: []).run()
    #expect(r.states == 2)
    #expect(r.transitions == 1)
  }
}

@Suite struct CoverageTests {
  @Test func gridCoverageCountsEveryEdgeAndCreditsEachNewStateOnce() throws {
    var search = BreadthFirstSearch(system: Grid(width: 7, height: 4), properties: [])
    search.coverage = (["x", "y", "z"], { $0 == "x" ? 0 : 1 })
    let c = try #require(search.run().coverage)
    #expect(c.fired == [7 * 5, 8 * 4, 0])
    #expect(c.newStates[0] + c.newStates[1] == 39)
    #expect(c.newStates[2] == 0)
    #expect(c.neverFired == ["z"])
  }

  @Test func selfLoopsFireButFindNothing() throws {
    let g = NamedGraph(roots: [0], edges: [[(0, "loop"), (1, "step")], [(1, "step")]])
    var search = BreadthFirstSearch(system: g, properties: [])
    search.coverage = (["loop", "step"], { $0 == "step" ? 1 : 0 })
    let c = try #require(search.run().coverage)
    #expect(c.fired == [1, 2])  // 0->0; 0->1 and the self-loop 1->1
    #expect(c.newStates == [0, 1])
  }
}
