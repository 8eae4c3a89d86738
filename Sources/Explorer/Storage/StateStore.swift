/// The graph engine's states by number: which number a state has, and the
/// states not yet expanded. Exact, it keeps every state whole in a
/// `StateTable` (what a drawing needs); else a `FingerprintStore` keeps a
/// fingerprint and a number a state, and each state whole only until it
/// is expanded (the liveness pass makes again the few states it needs:
/// `StateGraph.state`). One type with a flag, not a protocol: the search
/// that uses it must be specialised for the model from another module,
/// which cross-module optimisation did not do through a generic store.
struct StateStore<State: Fingerprinted> {
  let exact: Bool
  var table: StateTable<State>
  var fingerprints: FingerprintStore<State>

  init(exact: Bool) {
    self.exact = exact
    table = StateTable(capacity: exact ? 1 << 12 : 1)
    fingerprints = FingerprintStore()
  }

  var count: Int { exact ? table.count : fingerprints.count }

  /// What the store holds.
  var bytes: Int { exact ? table.bytes : fingerprints.bytes }

  /// What `n` more states could make it allocate on top (0 when there is
  /// room).
  func growthBytes(adding n: Int) -> Int {
    exact ? table.growthBytes(adding: n) : fingerprints.growthBytes(adding: n)
  }

  /// Adds `state` unless present: its number, and whether it is new; nil
  /// if the store could not grow (the search stops, out of memory).
  @inline(__always)
  mutating func insert(_ state: State, fingerprint: UInt64) -> (index: Int, inserted: Bool)? {
    if exact { return table.insert(state, fingerprint: fingerprint) }
    return fingerprints.insert(state, fingerprint: fingerprint)
  }

  func find(_ state: State, fingerprint: UInt64) -> Int? {
    exact ? table.find(state, fingerprint: fingerprint) : fingerprints.find(fingerprint)
  }

  @inline(__always)
  func prefetch(_ fingerprint: UInt64) {
    if exact { table.prefetch(fingerprint) } else { fingerprints.prefetch(fingerprint) }
  }

  /// Lookups from several threads while nobody inserts.
  struct Reader {
    let table: StateTable<State>.Reader?
    let index: NumberIndex.Reader?

    @inline(__always)
    func find(_ state: State, fingerprint: UInt64) -> Int? {
      if let table { return table.find(state, fingerprint: fingerprint) }
      return index!.find(fingerprint)
    }

    /// Loads what a lookup of `fingerprint` reads first, for one a little
    /// later; then (`prefetchState`) what it reads second.
    @inline(__always)
    func prefetch(_ fingerprint: UInt64) {
      if let table { table.prefetch(fingerprint) } else { index!.prefetch(fingerprint) }
    }

    @inline(__always)
    func prefetchState(_ fingerprint: UInt64) {
      if let table { table.prefetchState(fingerprint) } else { index!.prefetchFingerprint(fingerprint) }
    }
  }

  /// Runs `body` with a reader and the states numbered `range` (not
  /// released), from several threads; nothing may insert meanwhile.
  func withReader<R>(_ range: Range<Int>, _ body: (Reader, UnsafeBufferPointer<State>) -> R) -> R {
    if exact {
      return table.withReader { reader, states in
        body(Reader(table: reader, index: nil), UnsafeBufferPointer(rebasing: states[range]))
      }
    }
    return fingerprints.index.withReader { index in
      fingerprints.queue.withUnsafeBufferPointer { q in
        let base = fingerprints.queueBase
        let part = UnsafeBufferPointer(rebasing: q[(range.lowerBound - base)..<(range.upperBound - base)])
        return body(Reader(table: nil, index: index), part)
      }
    }
  }

  /// A state not released yet.
  func pending(_ i: Int) -> State { exact ? table.states[i] : fingerprints.queue[i - fingerprints.queueBase] }

  /// The states numbered below `i` are expanded: the store may let go of
  /// them.
  mutating func release(below i: Int) {
    if !exact { fingerprints.release(below: i) }
  }

  /// Every state in order, when the store keeps them whole.
  var allStates: [State]? { exact ? table.states : nil }
}

/// States by fingerprint: a `NumberIndex` (about 13 bytes a state), and
/// the states still to expand in a queue. Two states with one
/// fingerprint count as one, as in the frontier engine; the search
/// reports the chance of that.
struct FingerprintStore<State> {
  let index = NumberIndex()
  /// The states numbered `queueBase...`, not yet released.
  var queue: [State] = []
  var queueBase = 0

  var count: Int { index.count }

  var bytes: Int { index.bytes + queue.nominalBytes }

  func growthBytes(adding n: Int) -> Int {
    index.growthBytes(adding: n) + queue.nominalGrowth(adding: n)
  }

  @inline(__always)
  mutating func insert(_ state: State, fingerprint: UInt64) -> (index: Int, inserted: Bool)? {
    guard count < Int(UInt32.max) - 1 else { return nil }
    guard let (number, inserted) = index.insert(fingerprint) else { return nil }
    if inserted { queue.append(state) }
    return (number, inserted)
  }

  func find(_ fingerprint: UInt64) -> Int? { index.find(fingerprint) }

  func prefetch(_ fingerprint: UInt64) { index.prefetch(fingerprint) }

  mutating func release(below i: Int) {
    // In halves, so that each state moves at most about once.
    let done = i - queueBase
    guard done > 4096, done * 2 > queue.count else { return }
    queue.removeFirst(done)
    queueBase = i
  }
}
