import Synchronization

/// A graph's parent links, found once, when a trace first needs them
/// (the liveness pass's threads may ask together): the search does not
/// store them when it does not keep the states, 4 bytes a state less.
/// A state's parent is the source of the first transition into it, in
/// the order the search stored them: until the state was found, no
/// transition could lead to it. O(transitions) once, 4 bytes a state.
final class ParentLinks: Sendable {
  private let links = Mutex<[UInt32]?>(nil)

  func links<State, Label>(_ graph: StateGraph<State, Label>) -> [UInt32] {
    links.withLock { links in
      if let links { return links }
      let found = Self.find(graph)
      links = found
      return found
    }
  }

  static func find<State, Label>(_ graph: StateGraph<State, Label>) -> [UInt32] {
    let roots = graph.roots
    var parents = [UInt32](repeating: .max, count: graph.stateCount - roots)
    func from(_ source: Int, _ edges: Range<Int>) {
      for e in edges {
        let t = Int(graph.targets[e])
        if t >= roots, parents[t - roots] == .max { parents[t - roots] = UInt32(source) }
      }
    }
    var start = 0
    for i in 0..<graph.expanded {
      let end = start + graph.rows.degree(i)
      from(i, start..<end)
      start = end
    }
    // A search stopped in the middle of a state leaves part of its row.
    from(graph.expanded, start..<graph.targets.count)
    return parents
  }
}
