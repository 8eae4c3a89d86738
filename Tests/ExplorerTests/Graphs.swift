import Explorer
import TestSupport

/// A node of an explicit graph. `collide` makes every fingerprint equal,
/// to exercise the table's equality fallback.
struct Node: Fingerprinted, Hashable {
  let id: Int
  let collide: Bool
  var fingerprint: UInt64 {
    collide ? 42 : UInt64(id) &* 0x9E37_79B9_7F4A_7C15 ^ 0x5555
  }
}

/// A transition system given as adjacency lists; labels are edge targets.
struct ExplicitGraph: TransitionSystem {
  let roots: [Int]
  let edges: [[Int]]
  var collide = false

  func initialStates() -> [Node] { roots.map { Node(id: $0, collide: collide) } }

  func forEachSuccessor(of state: Node, _ body: (Int, Node) -> Void) {
    for t in edges[state.id] where t != state.id { body(t, Node(id: t, collide: collide)) }
  }

  static func random(nodes: Int, degree: Int, roots: Int, seed: UInt64) -> ExplicitGraph {
    var rng = SplitMix64(state: seed)
    let edges = (0..<nodes).map { _ in (0...rng.below(degree)).map { _ in rng.below(nodes) } }
    return ExplicitGraph(roots: (0..<roots).map { _ in rng.below(nodes) }, edges: edges)
  }
}

/// The answers computed the slow, obvious way: reachability by fixpoint
/// iteration over sets, distances by repeated relaxation (Bellman-Ford).
struct BruteForce {
  let reachable: Set<Int>
  let distance: [Int: Int]
  let edgeCount: Int

  init(_ g: ExplicitGraph) {
    var reach = Set(g.roots)
    var changed = true
    while changed {
      changed = false
      for n in reach {
        for t in g.edges[n] where !reach.contains(t) {
          reach.insert(t)
          changed = true
        }
      }
    }
    var dist: [Int: Int] = [:]
    for r in g.roots { dist[r] = 0 }
    changed = true
    while changed {
      changed = false
      for n in reach {
        guard let d = dist[n] else { continue }
        for t in g.edges[n] where dist[t].map({ $0 > d + 1 }) ?? true {
          dist[t] = d + 1
          changed = true
        }
      }
    }
    reachable = reach
    distance = dist
    edgeCount = reach.reduce(0) { sum, n in sum + g.edges[n].filter { $0 != n }.count }
  }

  var eccentricity: Int { distance.values.max() ?? 0 }

  func shortestViolation(_ bad: (Int) -> Bool) -> Int? {
    reachable.filter(bad).compactMap { distance[$0] }.min()
  }
}
