/// The explored state graph, kept for liveness checking: every state in
/// breadth-first order, a shortest-path parent for each, and every
/// transition (self-loops included) in compressed rows.
///
/// The states themselves are kept only when `statesKept`; otherwise a
/// state is made again from an initial one along its parents (state(_:)),
/// each step the transition that found it, and what the liveness pass
/// asks of every state was recorded during the search (`waiting`). The
/// parents are then not stored either: the first transition into a
/// state is the one that found it, so one pass over the transitions
/// finds them all, when a trace first needs them (`ParentLinks`).
public struct StateGraph<State, Label> {
  /// Every state, when `statesKept`.
  public var states: [State] = []
  public internal(set) var statesKept = true
  /// The initial states, when the others are not kept.
  var rootStates: [State] = []
  /// Per state, bit p set if it waits for liveness property p; recorded
  /// when the states are not kept.
  @usableFromInline let waiting = ChunkedArray<UInt8>()
  /// Initial states are `0..<roots`.
  public var roots = 0
  /// The states stored, expanded or not.
  public internal(set) var stateCount = 0
  /// The first state of each depth, from 0 (a state's depth, in
  /// breadth-first order, is where its number falls among these).
  @usableFromInline var levelStarts = [0]

  @usableFromInline init() {}
  /// Parent and incoming label of state `roots + i` on a shortest path,
  /// when the states are kept (else `found`).
  @usableFromInline var parents: [UInt32] = []
  @usableFromInline var parentLabels: [Label] = []
  /// Parents found from the transitions, when the states are not kept.
  let found = ParentLinks()
  // The transitions and their row starts grow in chunks, not by doubling:
  // they are most of the graph, and an array that doubles holds up to
  // twice what it uses (three times while it copies).
  /// Transitions of state i are `rows.row(i)`, 32-bit numbers (the search
  /// stops before 2^32 transitions).
  @usableFromInline let rows = RowIndex()
  @usableFromInline let targets = ChunkedArray<UInt32>()
  /// Per transition its label: kept for a drawing (`keepGraph`), or when
  /// the fair classes do not fit a byte. Otherwise a label is made again
  /// when a lasso needs it (`label(_:from:)`).
  @usableFromInline var labels: [Label] = []
  /// Per transition its fair class plus one (0: none), for liveness.
  @usableFromInline let fairClasses = ChunkedArray<UInt8>()
  /// A stored state's k-th transition, made again by the system: its
  /// label, and its target as stored (in canonical form on a reduced
  /// graph).
  var successor: ((State, Int) -> (Label, State))? = nil
  /// Per transition, bit p set if it abandons what liveness property p
  /// awaits (judged on the model's own target); empty when no property
  /// has abandoning transitions.
  @usableFromInline let abandonFlags = ChunkedArray<UInt8>()

  public var expanded: Int { rows.count }

  /// Steps from an initial state to state `i`. O(log depth).
  func depth(of i: Int) -> Int {
    var (lo, hi) = (0, levelStarts.count)
    while lo + 1 < hi {
      let mid = (lo + hi) / 2
      if levelStarts[mid] <= i { lo = mid } else { hi = mid }
    }
    return lo
  }

  /// Each state's parent on a shortest path, for state `roots + i` at
  /// `i`.
  func parentLinks() -> [UInt32] {
    statesKept ? parents : found.links(self)
  }

  /// The label of transition `e`, which leaves state `i`.
  func label(_ e: Int, from i: Int) -> Label {
    labels.isEmpty ? successor!(state(i), e - rowStart(i)).0 : labels[e]
  }

  /// Stored state `i`: kept, or made again along its parents (O(depth)
  /// successor calls).
  func state(_ i: Int) -> State {
    statesKept ? states[i] : walkFromRoot(to: i).state
  }

  /// The transitions that found `i`, from an initial state, and that
  /// state.
  func pathFromRoot(to i: Int) -> (root: Int, edges: [Int]) {
    var edges: [Int] = []
    var v = i
    let parents = parentLinks()
    while v >= roots {
      let p = Int(parents[v - roots])
      // The first transition of the parent into v found it.
      edges.append(self.edges(of: p).first { Int(targets[$0]) == v }!)
      v = p
    }
    return (v, edges.reversed())
  }

  func walkFromRoot(to i: Int) -> (steps: [Trace<State, Label>.Step], state: State) {
    let (root, edges) = pathFromRoot(to: i)
    return walk(edges, from: root, start: statesKept ? states[root] : rootStates[root])
  }

  /// The steps of the transitions `edges` (a path) from stored state `i`,
  /// whose state is `start` (made again if not given).
  func walk(_ edges: [Int], from i: Int, start: State? = nil) -> (steps: [Trace<State, Label>.Step], state: State) {
    var at = start ?? state(i)
    var source = i
    var steps: [Trace<State, Label>.Step] = []
    for e in edges {
      let target = Int(targets[e])
      let label: Label
      if statesKept {
        (label, at) = (self.label(e, from: source), states[target])
      } else {
        (label, at) = successor!(at, e - rowStart(source))
      }
      steps.append(.init(label: label, state: at))
      source = target
    }
    return (steps, at)
  }

  /// The fair class of transition `e`.
  func fairClass(_ e: Int, _ fairness: Fairness<Label>) -> Int? {
    guard fairClasses.isEmpty else { return fairClasses[e] == 0 ? nil : Int(fairClasses[e]) - 1 }
    return fairness.classOf(labels[e])
  }

  @usableFromInline func edges(of i: Int) -> Range<Int> { rows.row(i) }

  /// Where state `i`'s transitions start (the end of them all for
  /// `expanded`). O(16).
  @inline(__always) func rowStart(_ i: Int) -> Int { rows.start(i) }

  /// Every transition of state `i`: its label and target. O(out-degree).
  public func transitions(of i: Int) -> [(label: Label, target: Int)] {
    guard i < expanded else { return [] }
    return edges(of: i).map { (labels[$0], Int(targets[$0])) }
  }

  /// The shortest path from an initial state to state `i`. O(depth).
  public func trace(to index: Int) -> Trace<State, Label> {
    if !statesKept {
      let (root, _) = pathFromRoot(to: index)
      return Trace(initial: rootStates[root], steps: walkFromRoot(to: index).steps)
    }
    var steps: [Trace<State, Label>.Step] = []
    var i = index
    while i >= roots {
      steps.append(.init(label: parentLabels[i - roots], state: states[i]))
      i = Int(parents[i - roots])
    }
    return Trace(initial: states[i], steps: steps.reversed())
  }

  /// The bytes that `n` more states and, with `edges`, one more
  /// expanded state and `n` more transitions could make the arrays
  /// allocate as they double. 0 when there is room.
  @usableFromInline func growthBytes(adding n: Int, edges: Bool) -> Int {
    func growth<T>(_ a: [T], _ more: Int) -> Int { a.nominalGrowth(adding: more) }
    let links = growth(parents, n) + growth(parentLabels, n) + waiting.bytesToAppend(n)
    return edges
      ? links + rows.bytesToAppendOne + targets.bytesToAppend(n) + growth(labels, n)
        + fairClasses.bytesToAppend(n) + abandonFlags.bytesToAppend(n) : links
  }

  /// What the transitions take: targets, labels, classes and flags.
  var transitionBytes: Int {
    targets.bytes + labels.nominalBytes + fairClasses.bytes + abandonFlags.bytes
  }

  @usableFromInline var bytes: Int {
    parents.nominalBytes + parentLabels.nominalBytes + rows.bytes + waiting.bytes + transitionBytes
  }
}

extension Array {
  /// The capacity the engine counts an array at: its count rounded up to
  /// a power of two, as doubling leaves it. Not `capacity`, which the
  /// allocator rounds up by what it has at hand (another thread's scraps,
  /// say): a memory budget must stop a search at the same state on every
  /// run and any number of threads.
  @usableFromInline var nominalCapacity: Int { count <= 16 ? 16 : 1 << (Int.bitWidth - (count - 1).leadingZeroBitCount) }

  @usableFromInline var nominalBytes: Int { nominalCapacity * MemoryLayout<Element>.stride }

  /// The bytes of the new buffer that `more` appends could allocate (the
  /// old one is held while it moves): 0 when they fit.
  @usableFromInline func nominalGrowth(adding more: Int) -> Int {
    guard count + more > nominalCapacity else { return 0 }
    var grown = nominalCapacity
    while grown < count + more { grown *= 2 }
    return grown * MemoryLayout<Element>.stride
  }
}
