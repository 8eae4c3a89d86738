/// The graph engine's parallel half: the successors of a batch of stored
/// states, made on several threads, each thread a contiguous slice of the
/// batch. What a successor needs from the model is computed here (its
/// label, canonical form and fingerprint, fair class, abandon flags), and
/// it is looked up among the states stored before the batch: most are
/// there, and their lookups, which mostly miss the cache, run in
/// parallel. The search then numbers the rest on one thread, in the
/// batch's order, so that counts, numbers and traces are the same on any
/// number of threads.
final class GraphExpansion<System: TransitionSystem>: @unchecked Sendable {
  typealias State = System.State
  typealias Label = System.Label

  /// One transition of a stored state, in successor order.
  struct Edge {
    /// The target in canonical form (the state itself for a self-loop).
    let key: State
    let fingerprint: UInt64
    let label: Label
    /// Fair class plus one (0: none), when labels are not kept.
    let fairClass: UInt8
    /// Bit p: abandons what liveness property p awaits.
    let abandonFlags: UInt8
    let selfLoop: Bool
    /// The stored state's number, if it was stored before the batch;
    /// else -1 (and the search inserts it).
    var target: Int32 = -1
  }

  /// What every slice reads.
  struct Context {
    let system: System
    let canonical: ((State) -> State)?
    let fairClassOf: (Label) -> Int?
    let classBytes: Bool
    /// Bit p set if the transition abandons what property p awaits; nil
    /// when no property has abandoning transitions.
    let abandonFlags: ((State, Label, State) -> UInt8)?
  }

  let context: Context
  let slices: Int
  /// Per slice: its transitions, and per state the end of its own. Raw
  /// memory: each thread writes its own slice's.
  let edges: UnsafeMutablePointer<Buffer<Edge>>
  let ends: UnsafeMutablePointer<Buffer<Int>>

  init(_ context: Context, slices: Int) {
    self.context = context
    self.slices = slices
    edges = .allocate(capacity: slices)
    ends = .allocate(capacity: slices)
    for w in 0..<slices {
      (edges + w).initialize(to: Buffer())
      (ends + w).initialize(to: Buffer())
    }
  }

  deinit {
    for w in 0..<slices {
      edges[w].free()
      ends[w].free()
    }
    edges.deallocate()
    ends.deallocate()
  }

  /// Expands `range` of the store's states: slice w takes the w-th part.
  func expand(_ store: StateStore<State>, _ range: Range<Int>) {
    store.withReader(range) { reader, states in
      parallel(slices) { w in
        expandSlice(w, states, slice(range.count, slices, w))
        lookUp(w, reader)
      }
    }
  }

  /// Slice w's targets stored before the batch, by number: a pipeline
  /// that loads each home slot some lookups ahead, and the state it
  /// names half as far.
  private func lookUp(_ w: Int, _ reader: StateStore<State>.Reader) {
    let edges = self.edges[w]
    let ahead = 16
    for k in 0..<edges.count {
      if k + ahead < edges.count { reader.prefetch(edges[k + ahead].fingerprint) }
      if k + ahead / 2 < edges.count { reader.prefetchState(edges[k + ahead / 2].fingerprint) }
      let e = edges[k]
      guard !e.selfLoop, let index = reader.find(e.key, fingerprint: e.fingerprint) else { continue }
      edges[k].target = Int32(truncatingIfNeeded: index)
    }
  }

  /// `states` are the batch's; `range` is slice w's part of them.
  private func expandSlice(_ w: Int, _ states: UnsafeBufferPointer<State>, _ range: Range<Int>) {
    // Locals in the loop: no exclusivity checks, no reference counting.
    var (edges, ends) = (self.edges[w], self.ends[w])
    edges.removeAll()
    ends.removeAll()
    // Each closure fetched once, not per successor: threads that retain
    // one object contend for its reference count.
    let (system, canonical, fairClassOf) = (context.system, context.canonical, context.fairClassOf)
    let (classBytes, abandonFlags) = (context.classBytes, context.abandonFlags)
    for i in range {
      let current = states[i]
      system.forEachSuccessor(of: current) { label, next in
        let fairClass = classBytes ? fairClassOf(label).map { UInt8($0 + 1) } ?? 0 : 0
        let flags = abandonFlags?(current, label, next) ?? 0
        if next == current {
          edges.append(
            Edge(key: current, fingerprint: 0, label: label, fairClass: fairClass, abandonFlags: flags, selfLoop: true))
          return
        }
        let key = canonical?(next) ?? next
        edges.append(
          Edge(
            key: key, fingerprint: key.fingerprint, label: label, fairClass: fairClass, abandonFlags: flags,
            selfLoop: false))
      }
      ends.append(edges.count)
    }
    (self.edges[w], self.ends[w]) = (edges, ends)
  }
}
