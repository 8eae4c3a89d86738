import Synchronization

/// Breadth-first exploration with an exact visited set.
///
/// Every new state is checked against every property not yet violated, so
/// the first violation recorded for a property is at the least depth, and
/// its trace (rebuilt from parent links) is a shortest counterexample. The
/// search goes on after a violation, to give every property a verdict.
/// Order is fixed by the system's successor order: same model, same counts,
/// same traces. With `eventually` properties the whole graph is kept and
/// checked for fair cycles afterwards (`LivenessCheck`).
public struct BreadthFirstSearch<System: TransitionSystem> {
  public typealias State = System.State
  public typealias Label = System.Label

  public let system: System
  public let properties: [Property<State>]
  public let eventually: [Eventually<State, Label>]
  public let fairness: Fairness<Label>
  /// Report a state with no enabled transition that is not a proper end.
  public let checkDeadlock: Bool
  public let limits: SearchLimits
  /// Keep every transition and return the graph (for drawing it), even
  /// without liveness properties.
  public var keepGraph = false
  /// Transition classes to count (`Coverage`), if any.
  public var coverage: (names: [String], classOf: (Label) -> Int)? = nil
  /// Checked every few hundred states: once requested, the search stops.
  public var stop: StopRequest? = nil
  /// Threads that make successors (numbering them stays on one): the
  /// same counts, numbers and traces on any number.
  public var threads = 1
  /// Symmetry reduction: states are stored in canonical form, liveness is
  /// checked on the quotient graph, and every trace and lasso is lifted
  /// onto the model's own states. Not with `keepGraph` (a drawing shows
  /// the model's states).
  public var reduction: Reduction<State>? = nil
  /// Store whole states, not fingerprints and numbers. Whole states are
  /// stored anyway for a drawing, and when no transition is kept (the
  /// states on a trace are made again along the kept transitions).
  public var exact = false

  /// The name deadlock is reported under, after the properties.
  public static var deadlockName: String { "Deadlock" }

  public init(
    system: System, properties: [Property<State>], eventually: [Eventually<State, Label>] = [],
    fairness: Fairness<Label> = .none, checkDeadlock: Bool = false,
    limits: SearchLimits = .init()
  ) {
    self.system = system
    self.properties = properties
    self.eventually = eventually
    self.fairness = fairness
    self.checkDeadlock = checkDeadlock
    self.limits = limits
  }

  /// One closure for the abandoning properties' flags (usually one
  /// property: then its own test, without a loop over an array).
  static func flags(_ abandons: [(Int, (State, Label, State) -> Bool)]) -> ((State, Label, State) -> UInt8)? {
    switch abandons.count {
    case 0: return nil
    case 1:
      let (p, a) = abandons[0]
      let bit = UInt8(1 << p)
      return { a($0, $1, $2) ? bit : 0 }
    default:
      return { s, label, t in
        var flags: UInt8 = 0
        for (p, a) in abandons where a(s, label, t) { flags |= 1 << p }
        return flags
      }
    }
  }

  /// Runs the search. O(states × transitions per state) time; memory is
  /// the states, a 4-byte parent and a label per state, the index, and
  /// with `eventually` properties every transition (4 bytes + a label,
  /// and a byte if a property has abandoning transitions).
  public func run() -> SearchResult<State, Label> {
    precondition(reduction == nil || !keepGraph, "a drawn graph is not reduced")
    let canonical = reduction?.canonical
    let abandons = eventually.enumerated().compactMap { p, e in e.abandons.map { (p, $0) } }
    // A transition keeps its fair class in a byte, and its label only for
    // a drawing (or when the classes do not fit a byte): a lasso's labels
    // are made again from the states.
    let keepLabels = keepGraph || fairness.classes.count >= 255
    let fairClassOf = fairness.classOf
    let clock = ContinuousClock()
    let start = clock.now
    let keepEdges = !eventually.isEmpty || keepGraph
    var table = StateStore<State>(exact: exact || keepGraph || eventually.isEmpty)
    var graph = StateGraph<State, Label>()
    let keepStates = table.exact
    // Without the states, what the liveness pass asks of each: whether it
    // waits, per property (a bit each). A closure, not a key path: cross-
    // module optimisation does not carry a function with a key path
    // literal into gmemcheck, which then ran this whole search
    // unspecialised (three times slower).
    let waiting = keepStates ? [] : eventually.map { $0.waiting }
    precondition(waiting.count <= 8, "at most 8 liveness properties")
    var firstViolation = [Int?](repeating: nil, count: properties.count)
    var firstDeadlock: Int? = nil
    var open = properties.count
    var counts = coverage.map { Coverage(names: $0.names) }
    let classOf = coverage?.classOf

    func check(_ index: Int, _ state: State) {
      if !waiting.isEmpty {
        var bits: UInt8 = 0
        for (p, w) in waiting.enumerated() where w(state) { bits |= 1 << p }
        graph.waiting.append(bits)
      }
      guard open > 0 else { return }
      for p in properties.indices where firstViolation[p] == nil {
        if !properties[p].holds(state) {
          firstViolation[p] = index
          open -= 1
        }
      }
    }

    var completion = Completion.exhausted
    let initial = system.initialStates()
    for concrete in initial {
      let state = canonical?(concrete) ?? concrete
      if table.count >= limits.maxStates, table.find(state, fingerprint: state.fingerprint) == nil {
        completion = .stateLimit
        break
      }
      guard let (index, inserted) = table.insert(state, fingerprint: state.fingerprint) else {
        completion = .memoryLimit
        break
      }
      if inserted {
        check(index, state)
        if !keepStates { graph.rootStates.append(state) }
      }
    }
    let roots = table.count

    var transitions = 0
    var head = 0
    var depth = 0
    var levelEnd = roots
    var deepest = 0
    var cutByDepth = false
    // Successors are made a batch at a time on every thread, then
    // numbered here, in order.
    let expansion = GraphExpansion<System>(
      .init(
        system: system, canonical: canonical, fairClassOf: fairClassOf, classBytes: !keepLabels,
        abandonFlags: Self.flags(abandons)),
      slices: max(1, threads))
    let batchSize = threads > 1 ? 512 : 64
    // Far enough ahead that the slot is in the cache when its turn comes.
    let ahead = 16
    while head < table.count, completion == .exhausted {
      let batch = head..<min(table.count, head + batchSize)
      expansion.expand(table, batch)
      slices: for w in 0..<expansion.slices {
        let (edges, ends) = (expansion.edges[w], expansion.ends[w])
        var k = 0
        for e in 0..<ends.count {
          if head & 255 == 0, stop?.isRequested == true {
            completion = .interrupted
            break slices
          }
          let end = ends[e]
          // The growth this state's successors may cause must fit the
          // budget, so that no append grows past it.
          if let maxBytes = limits.maxBytes {
            let n = end - k
            let growth = table.growthBytes(adding: n) + graph.growthBytes(adding: n, edges: keepEdges)
            if growth > 0, table.bytes + graph.bytes + growth > maxBytes {
              completion = .memoryLimit
              break slices
            }
          }
          // Transitions are numbered in 32 bits.
          if keepEdges, graph.targets.count + (end - k) > Int(UInt32.max) {
            completion = .memoryLimit
            break slices
          }
          if head == levelEnd {
            depth += 1
            levelEnd = table.count
            graph.levelStarts.append(head)
          }
          let atDepthLimit = limits.maxDepth.map { depth >= $0 } ?? false
          let parent = UInt32(head)
          let enabled = end - k
          while k < end, completion == .exhausted {
            if k + ahead < edges.count, edges[k + ahead].target < 0 { table.prefetch(edges[k + ahead].fingerprint) }
            let edge = edges[k]
            k += 1
            func addEdge(_ target: UInt32) {
              graph.targets.append(target)
              if keepLabels { graph.labels.append(edge.label) } else { graph.fairClasses.append(edge.fairClass) }
              if !abandons.isEmpty { graph.abandonFlags.append(edge.abandonFlags) }
            }
            if edge.selfLoop {
              if let classOf { counts!.record(classOf(edge.label), new: false) }
              if keepEdges { addEdge(parent) }
              continue
            }
            transitions += 1
            if edge.target >= 0 {
              if let classOf { counts!.record(classOf(edge.label), new: false) }
              if keepEdges { addEdge(UInt32(edge.target)) }
              continue
            }
            if atDepthLimit || table.count >= limits.maxStates {
              if let index = table.find(edge.key, fingerprint: edge.fingerprint) {
                if keepEdges { addEdge(UInt32(index)) }
              } else if atDepthLimit {
                cutByDepth = true
              } else {
                completion = .stateLimit
              }
              continue
            }
            guard let (index, inserted) = table.insert(edge.key, fingerprint: edge.fingerprint) else {
              completion = .memoryLimit
              break
            }
            if let classOf { counts!.record(classOf(edge.label), new: inserted) }
            if inserted {
              // Without the states a trace is made again along the
              // transitions, labels and all, parents found from them.
              if keepStates {
                graph.parents.append(parent)
                graph.parentLabels.append(edge.label)
              }
              deepest = depth + 1
              check(index, edge.key)
            }
            if keepEdges { addEdge(UInt32(index)) }
          }
          guard completion == .exhausted else { break slices }
          if checkDeadlock && enabled == 0 && firstDeadlock == nil && !system.isProperEnd(table.pending(head)) {
            firstDeadlock = head
          }
          if keepEdges { graph.rows.append(rowEnd: graph.targets.count) }
          head += 1
        }
      }
      table.release(below: head)
    }
    if completion == .exhausted, cutByDepth { completion = .depthLimit }
    graph.states = table.allStates ?? []
    graph.stateCount = table.count
    graph.statesKept = keepStates
    graph.roots = roots
    // Copies (sharing storage) for the closures below: a closure that
    // captured the variables themselves would box them, and every access
    // in the search loop above would pay a dynamic exclusivity check.
    if !keepLabels || !keepStates {
      let system = self.system
      graph.successor = { state, k in
        var n = 0
        var found: (Label, State)? = nil
        system.forEachSuccessor(of: state) { label, next in
          if n == k { found = (label, next == state ? state : canonical?(next) ?? next) }
          n += 1
        }
        return found!
      }
    }
    let (kept, stored) = (graph, table)
    let lifting = reduction.map { r in
      Lifting(
        graph: kept, reduction: r, forEachSuccessor: system.forEachSuccessor, initial: initial,
        find: { stored.find($0, fingerprint: $0.fingerprint) })
    }
    let trace = { (i: Int) in lifting?.trace(to: i) ?? kept.trace(to: i) }

    var results = properties.indices.map { p -> PropertyResult<State, Label> in
      if let v = firstViolation[p] {
        return .init(name: properties[p].name, verdict: .fail, counterexample: trace(v))
      }
      let verdict: Verdict = completion == .exhausted ? .pass : .incomplete
      return .init(name: properties[p].name, verdict: verdict, counterexample: nil)
    }
    if checkDeadlock {
      let verdict: Verdict =
        firstDeadlock != nil ? .fail : (completion == .exhausted ? .pass : .incomplete)
      results.append(
        .init(
          name: Self.deadlockName, verdict: verdict,
          counterexample: firstDeadlock.map(trace)))
    }
    if !eventually.isEmpty, completion == .exhausted, stop?.isRequested == true {
      completion = .interrupted
    }
    // The cycle search's own arrays: at most about 96 bytes a state (a
    // component's array each, when every state is one), and 4 for the
    // parents a lasso's prefix needs when the search did not store them.
    if !eventually.isEmpty, completion == .exhausted, let maxBytes = limits.maxBytes,
      table.bytes + graph.bytes + (keepStates ? 96 : 100) * graph.expanded > maxBytes
    {
      completion = .memoryLimit
    }
    if keepEdges {
      // A fair cycle needs every transition of its states; a bound leaves
      // some out, so liveness is judged on a complete graph only.
      let liveness = LivenessCheck(graph: graph, fairness: fairness, stop: stop, lifting: lifting)
      // The properties are independent: one a thread, each into its slot.
      let lassos = UnsafeMutablePointer<(prefix: Trace<State, Label>, cycle: [Trace<State, Label>.Step]?)?>
        .allocate(capacity: eventually.count)
      lassos.initialize(repeating: nil, count: eventually.count)
      defer {
        lassos.deinitialize(count: eventually.count)
        lassos.deallocate()
      }
      if completion == .exhausted {
        let next = Atomic<Int>(0)
        let (eventually, found) = (self.eventually, Unchecked(lassos))
        parallel(max(1, min(threads, eventually.count))) { _ in
          while case let p = next.wrappingAdd(1, ordering: .relaxed).oldValue, p < eventually.count {
            found.value[p] = liveness.counterexample(eventually[p], flag: p)
          }
        }
      }
      for (p, property) in eventually.enumerated() {
        if completion == .exhausted, let lasso = lassos[p] {
          results.append(
            .init(name: property.name, verdict: .fail, counterexample: lasso.prefix, cycle: lasso.cycle))
        } else {
          // Found nothing, perhaps for being stopped: then not a pass.
          if completion == .exhausted, stop?.isRequested == true { completion = .interrupted }
          let verdict: Verdict = completion == .exhausted ? .pass : .incomplete
          results.append(.init(name: property.name, verdict: verdict, counterexample: nil))
        }
      }
    }
    let seconds = (clock.now - start).seconds
    var result = SearchResult(
      states: table.count, transitions: transitions, depth: deepest, completion: completion,
      properties: results, seconds: seconds, bytes: table.bytes + graph.bytes)
    result.coverage = counts
    result.transitionBytes = graph.transitionBytes
    result.storedTransitions = graph.targets.count
    if !keepStates { result.collisionProbability = SearchResult<State, Label>.collisionEstimate(states: table.count) }
    if keepGraph { result.graph = graph }
    return result
  }
}
