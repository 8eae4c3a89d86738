/// The explored state graph, kept for liveness checking: every state in
/// breadth-first order, a shortest-path parent for each, and every
/// transition (self-loops included) in compressed rows.
public struct StateGraph<State, Label> {
  public var states: [State] = []
  /// Initial states are `0..<roots`.
  public var roots = 0

  @usableFromInline init() {}
  /// Parent and incoming label of state `roots + i` on a shortest path.
  @usableFromInline var parents: [UInt32] = []
  @usableFromInline var parentLabels: [Label] = []
  /// Transitions of state i are `edgeStart[i]..<edgeStart[i + 1]`.
  @usableFromInline var edgeStart: [Int] = [0]
  @usableFromInline var targets: [UInt32] = []
  /// Per transition its label: kept for a drawing (`keepGraph`), or when
  /// the fair classes do not fit a byte. Otherwise a label is made again
  /// when a lasso needs it (`label(_:from:)`).
  @usableFromInline var labels: [Label] = []
  /// Per transition its fair class plus one (0: none), for liveness.
  @usableFromInline var fairClasses: [UInt8] = []
  /// The label of a state's k-th transition, made again by the system.
  var successorLabel: ((State, Int) -> Label)? = nil
  /// Per transition, bit p set if it abandons what liveness property p
  /// awaits (judged on the model's own target); empty when no property
  /// has abandoning transitions.
  @usableFromInline var abandonFlags: [UInt8] = []

  public var expanded: Int { edgeStart.count - 1 }

  /// The label of transition `e`, which leaves state `i`.
  func label(_ e: Int, from i: Int) -> Label {
    labels.isEmpty ? successorLabel!(states[i], e - edgeStart[i]) : labels[e]
  }

  /// The fair class of transition `e`.
  func fairClass(_ e: Int, _ fairness: Fairness<Label>) -> Int? {
    guard fairClasses.isEmpty else { return fairClasses[e] == 0 ? nil : Int(fairClasses[e]) - 1 }
    return fairness.classOf(labels[e])
  }

  @usableFromInline func edges(of i: Int) -> Range<Int> { edgeStart[i]..<edgeStart[i + 1] }

  /// Every transition of state `i`: its label and target. O(out-degree).
  public func transitions(of i: Int) -> [(label: Label, target: Int)] {
    guard i < expanded else { return [] }
    return edges(of: i).map { (labels[$0], Int(targets[$0])) }
  }

  /// The shortest path from an initial state to state `i`. O(depth).
  public func trace(to index: Int) -> Trace<State, Label> {
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
    let links = growth(parents, n) + growth(parentLabels, n)
    return edges
      ? links + growth(edgeStart, 1) + growth(targets, n) + growth(labels, n) + growth(fairClasses, n)
        + growth(abandonFlags, n) : links
  }

  /// What the transitions take: targets, labels, classes and flags.
  var transitionBytes: Int {
    targets.nominalBytes + labels.nominalBytes + fairClasses.nominalBytes + abandonFlags.nominalBytes
  }

  @usableFromInline var bytes: Int {
    parents.nominalBytes + parentLabels.nominalBytes + edgeStart.nominalBytes + transitionBytes
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
