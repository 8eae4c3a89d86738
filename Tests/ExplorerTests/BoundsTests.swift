import Testing

@testable import Explorer

@Suite struct BoundsTests {
  let grid = Grid(width: 7, height: 4)  // 40 states, depth 11

  @Test func stateLimitAtTheExactCountIsComplete() {
    let r = BreadthFirstSearch(system: grid, properties: [], limits: .init(maxStates: 40)).run()
    #expect(r.completion == .exhausted)
    #expect(r.verdict == .pass)
  }

  @Test func stateLimitOneShortIsIncompleteNeverPass() {
    let p = Property<Grid.Point>(always: "fine") { _ in true }
    let r = BreadthFirstSearch(system: grid, properties: [p], limits: .init(maxStates: 39)).run()
    #expect(r.completion == .stateLimit)
    #expect(r.states == 39)
    #expect(r.verdict == .incomplete)
    #expect(r.properties[0].verdict == .incomplete)
  }

  @Test func depthLimitAtTheDepthIsComplete() {
    let r = BreadthFirstSearch(system: grid, properties: [], limits: .init(maxDepth: 11)).run()
    #expect(r.completion == .exhausted)
    #expect(r.states == 40)
  }

  @Test func depthLimitOneShortIsIncomplete() {
    let r = BreadthFirstSearch(system: grid, properties: [], limits: .init(maxDepth: 10)).run()
    #expect(r.completion == .depthLimit)
    #expect(r.states == 39)  // all but the far corner
    #expect(r.depth == 10)
    #expect(r.verdict == .incomplete)
  }

  @Test func depthZeroKeepsOnlyTheStart() {
    let r = BreadthFirstSearch(system: grid, properties: [], limits: .init(maxDepth: 0)).run()
    #expect(r.states == 1)
    #expect(r.verdict == .incomplete)
  }

  @Test func violationWithinTheBoundIsAFail() throws {
    let p = Property<Grid.Point>(always: "not (1,1)") { !($0.x == 1 && $0.y == 1) }
    let r = BreadthFirstSearch(system: grid, properties: [p], limits: .init(maxDepth: 3)).run()
    #expect(r.completion == .depthLimit)
    #expect(r.verdict == .fail)
    #expect(try #require(r.properties[0].counterexample).steps.count == 2)
  }

  @Test func violationBeyondTheBoundIsNotFound() {
    let p = Property<Grid.Point>(always: "not far") { !($0.x == 7 && $0.y == 4) }
    let r = BreadthFirstSearch(system: grid, properties: [p], limits: .init(maxStates: 20)).run()
    #expect(r.verdict == .incomplete)
    #expect(r.properties[0].verdict == .incomplete)
  }
}
