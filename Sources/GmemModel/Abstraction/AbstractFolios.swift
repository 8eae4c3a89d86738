import Explorer
import Synchronization

/// The every-size abstraction as a transition system (MODEL.md 1: real
/// folios have 512 or 262,144 subpages): `AbstractState`s, whose
/// successors are the model's own transitions run on representatives.
///
/// A representative of an abstract state is a concrete `WideState` with
/// each occupied key once per folio and each marked subpage once, padded
/// to a common N >= 2 with copies of a key already there. Actions that
/// name no subpage (close, merge, a whole-folio request, punch or ioctl)
/// and actions on a marked subpage run on it; their results are exact,
/// because every action treats the subpages of one key alike and reads
/// the rest of a folio only through "some subpage is ..." and "every
/// subpage is ...", which the set of occupied keys decides. An action on
/// an unmarked subpage of key k runs twice: on a representative with k
/// once (the subpage was the last of its key, which becomes empty) and
/// with k twice (others stay). docs/semantics.md, "Every folio size",
/// gives the argument; the soundness tests check it against concrete
/// searches. N = 1 (where a subpage is the whole folio) is not covered:
/// `gmemcheck check --all-sizes` checks it concretely.
///
/// A class: the search copies its system into closures, and each copy of
/// a struct retained each of its arrays (with the other retains of the
/// successor loop and the property check, an eighth of the search's
/// time). `@unchecked Sendable`: nothing is written after `init` but the
/// overflow flag and the key table, which synchronise themselves.
public final class AbstractFolios: TransitionSystem, @unchecked Sendable {
  public let config: ModelConfig
  public let folios: Int
  let vcpus: Int
  /// The representatives' models: `sizes[n - 2]` has `folios` folios of
  /// n subpages each.
  let sizes: [Size]
  /// `sizes`, unretained, for `withSize`.
  let unretained: UnsafeMutableBufferPointer<Unmanaged<Size>>
  /// Set when a representative would need more than `WideState.capacity`
  /// subpages: the search then misses successors and is not a proof.
  public let overflow: OverflowFlag
  /// Numbers the (folio, key) pairs states hold (`AbstractState.occupied`).
  let keyTable: KeyTable

  /// `config`'s design for every N >= 2 (its `subpages` is ignored).
  public init(_ config: ModelConfig) {
    self.config = config
    self.folios = config.folios
    self.vcpus = config.vcpus
    var built: [Size] = []
    let largest = max(2, WideState.capacity / max(config.folios, 1))
    for n in 2...largest {
      var c = config
      c.subpages = n
      let model = GuestMemfd(c)
      var byLane = Array(repeating: [Action](), count: c.totalSubpages)
      var rest: [Action] = []
      for a in model.fixedActions {
        if let p = Self.namedSubpage(a) { byLane[p].append(a) } else { rest.append(a) }
      }
      built.append(Size(model: model, naming: byLane, others: rest))
    }
    sizes = built
    unretained = .allocate(capacity: built.count)
    _ = unretained.initialize(from: built.map { Unmanaged.passUnretained($0) })
    self.overflow = OverflowFlag()
    self.keyTable = KeyTable(folios: config.folios)
  }

  deinit { unretained.deallocate() }

  /// `body` on the size of n subpages, a reference it borrows: taken from
  /// `sizes`, or held `unowned(unsafe)`, one was retained and released
  /// around each call that passed it on (a few percent of the search).
  @inline(__always)
  func withSize<R>(_ n: Int, _ body: (Size) -> R) -> R {
    unretained[n - 2]._withUnsafeGuaranteedRef(body)
  }

  /// The subpage an action of a representative (N >= 2) names, if any: a
  /// one-subpage range, or the page of a page-by-page ioctl. Exhaustive,
  /// so that a new action kind must be classified here.
  static func namedSubpage(_ a: Action) -> Int? {
    switch a.kind {
    case .guestRequest, .punchHole: a.first == a.last ? a.subpage : nil
    case .convert: a.byPage ? a.subpage : nil
    case .guestAccess, .hostFault, .hostUnmap, .pin, .unpin, .dmaMap, .dmaUnmap, .takeRef, .dropRef,
      .migrate:
      a.subpage
    case .abandon, .close, .merge: nil
    }
  }

  public func initialStates() -> [AbstractState] {
    let model = sizes[0].model
    return [abstraction(of: WideState(model.initialState, model), n: 2)]
  }

  /// Every abstract transition: each concrete transition of each
  /// representative, mapped back. Fixed order, so traces rebuild.
  public func forEachSuccessor(of a: AbstractState, _ body: (AbstractStep, AbstractState) -> Void) {
    forEachSuccessor(of: a, recorder: nil, body)
  }

  /// `forEachSuccessor`, recording into `recorder` (if given), per step
  /// (enabled or not), which of its candidate keys would flip each of its
  /// subpage tests of the folio (`RecordingState`, for `PairViews`; one
  /// folio); only the step `recorder.only` names, if it names one; and
  /// runs `recorder.check` on each step taken.
  func forEachSuccessor(
    of a: AbstractState, recorder: RecordingState.Recorder?, _ body: (AbstractStep, AbstractState) -> Void
  ) {
    let only = recorder?.only
    withKeys(of: a) { keys in
      guard let rep = representative(of: a, keys) else { return }
      // A run of actions on one representative: it is copied once for
      // them all (a copy an action, enabled or not, was a seventh of the
      // search's time).
      func run(
        _ actions: some Collection<Action>, on r: Representative, _ size: Size, key: UInt32?, copies: Int,
        _ id: (Int) -> StepID
      ) {
        for (i, action) in actions.enumerated() {
          let stepped: (Step, WideState)?
          if let recorder {
            let step = id(i)
            if let only, only != step { continue }
            recorder.begin(step, folio: 0...r.n - 1, exactLanes: r.markedLanes | (r.actingLane.map { 1 << UInt32($0) } ?? 0))
            stepped = size.model.step(action, from: RecordingState(base: r.state, recorder: recorder))
              .map { ($0.0, $0.1.base) }
            recorder.end()
            if stepped != nil, let check = recorder.check {
              recorder.checkBits |= check(size.model, action, r.state)
            }
          } else {
            stepped = size.model.step(action, from: r.state)
          }
          guard let (step, next) = stepped else { continue }
          let label = AbstractStep(step: step, key: key, last: copies == 1, subpages: r.n)
          body(label, successor(of: a, r, next))
        }
      }
      func run(
        _ action: Action, on r: Representative, _ size: Size, key: UInt32?, copies: Int, _ id: StepID
      ) {
        run(CollectionOfOne(action), on: r, size, key: key, copies: copies) { _ in id }
      }
      if only?.acting != true {
        withSize(rep.n) { size in
          run(size.others, on: rep, size, key: nil, copies: 0) { StepID(.others, $0) }
          for v in 0..<vcpus {
            size.model.forEachIoctl(vcpu: v, in: rep.state) { action in
              if !action.byPage || rep.isMarked(action.subpage) {
                let lane = action.byPage ? (action.subpage == rep.marked.0 ? 1 : 2) : 0
                run(action, on: rep, size, key: nil, copies: 0, StepID(.ioctl, v << 2 | lane))
              }
            }
          }
          // The marked lanes, vCPU 0's first.
          if rep.marked.0 >= 0 {
            run(size.naming[rep.marked.0], on: rep, size, key: nil, copies: 0) { StepID(.markedLane0, $0) }
          }
          if rep.marked.1 >= 0 {
            run(size.naming[rep.marked.1], on: rep, size, key: nil, copies: 0) { StepID(.markedLane1, $0) }
          }
        }
      }
      for f in 0..<folios {
        for i in keys.range(f) {
          let k = keys.keys[i]
          for copies in 1...2 {
            if let only, !only.acts(on: k, copies: copies) { continue }
            guard let r = (copies == 1 ? rep.acting(on: i, of: f, keys) : nil)
              ?? representative(of: a, keys, acting: (f, k, copies)), let lane = r.actingLane
            else {
              continue
            }
            assert(r.state == representative(of: a, keys, acting: (f, k, copies))?.state, "reused representative")
            withSize(r.n) { size in
              run(size.naming[lane], on: r, size, key: k, copies: copies) {
                StepID(.actingLane, $0, key: k, copies: copies)
              }
              for v in 0..<vcpus {
                size.model.forEachIoctl(vcpu: v, in: r.state) { action in
                  if action.byPage && action.subpage == lane {
                    run(action, on: r, size, key: k, copies: copies, StepID(.actingIoctl, v, key: k, copies: copies))
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  /// A representative of `a` and its model (nil when `a` has none within
  /// `WideState.capacity`): what the properties are checked on. Not a
  /// generic `with` function: called from Invariants, one ran
  /// unspecialised there (metadata lookups and copies of the model).
  public func representative(of a: AbstractState) -> (model: GuestMemfd, state: WideState)? {
    withKeys(of: a) { keys in
      guard let rep = representative(of: a, keys) else { return nil }
      return (sizes[rep.n - 2].model, rep.state)
    }
  }

  /// `check` on a representative of `a` and its model, borrowed (nil
  /// when `a` has none, as above): the properties' path, once per new
  /// state, where the copy of the model that `representative(of:)`
  /// returns retained each of its arrays.
  public func onRepresentative(of a: AbstractState, _ check: (GuestMemfd, WideState) -> UInt64) -> UInt64? {
    withKeys(of: a) { keys in
      guard let rep = representative(of: a, keys) else { return nil }
      return withSize(rep.n) { check($0.model, rep.state) }
    }
  }

  /// The abstract state of `next`, a successor of representative `r` of
  /// `a`: `a` updated where only unmarked lanes changed and the requests
  /// did not (most steps change one lane), else `abstraction(of:n:)`.
  /// The representative holds `a`'s keys exactly, so the lanes of `next`
  /// decide which keys a change empties.
  @inline(__always)
  func successor(of a: AbstractState, _ r: Representative, _ next: WideState) -> AbstractState {
    let n = r.n
    guard next.requests == r.state.requests else { return abstraction(of: next, n: n) }
    var changed = next.lanesDiffering(from: r.state)
    // A step that changes nothing maps back to `a` itself.
    if changed == 0 && next.global == r.state.global { return a }
    var b = a
    b.global = a.global & ~0x1FF | next.global & 0x1FF
    while changed != 0 {
      let p = changed.trailingZeroBitCount
      changed &= changed &- 1
      if r.isMarked(p) { return abstraction(of: next, n: n) }
      let f = p / n
      let old = r.state.key(p)
      let folioLanes = UInt32(truncatingIfNeeded: (UInt64(1) << UInt64(n) - 1) << UInt64(f * n))
      let held = next.lanesHolding(old) & folioLanes & ~r.markedLanes != 0
      if !held, let i = keyTable.number(folio: f, key: old) { b.remove(i, keyTable) }
      guard let i = keyTable.number(folio: f, key: next.key(p)) else {
        overflow.set()
        continue
      }
      b.insert(i, keyTable)
    }
    assert(b == abstraction(of: next, n: n), "incremental abstraction")
    return b
  }

  /// The abstract state of concrete state `s` of the model with `n`
  /// subpages per folio (n >= 2).
  public func abstraction(of s: WideState, n: Int) -> AbstractState {
    var a = AbstractState()
    a.global = s.global & 0x1FF
    var marked = (-1, -1)
    for v in 0..<vcpus {
      guard let r = s.request(v) else { continue }
      let single = r.first == r.last
      var same = false
      if single {
        if v == 0 { marked.0 = r.first } else { marked.1 = r.first }
        same = v == 1 && marked.0 == r.first
        if !same { a.marks |= UInt64(s.key(r.first)) << UInt64(32 * v) }
      }
      let mark = AbstractState.RequestMark(to: r.to, wholeFolio: !single, folio: r.first / n, sameAsVCPU0: same)
      a.global |= mark.bits << UInt64(16 + 16 * v)
    }
    // Each folio's unmarked keys, as bits: a key met again finds its bit
    // set already.
    for f in 0..<folios {
      for p in f * n..<(f + 1) * n where p != marked.0 && p != marked.1 {
        guard let i = keyTable.number(folio: f, key: s.key(p)) else {
          overflow.set()
          continue
        }
        a.insert(i, keyTable)
      }
    }
    return a
  }
}

extension AbstractFolios {
  /// One representative size: its model and its actions by what they
  /// name. A class, so that running an action borrows the model instead of
  /// copying it (a copy retains each of its arrays); the actions in raw
  /// memory, so that taking a lane's is not a retain.
  final class Size: @unchecked Sendable {
    let model: GuestMemfd
    /// The fixed actions naming each subpage (by lane), and those naming
    /// none.
    let naming: UnsafeMutableBufferPointer<UnsafeMutableBufferPointer<Action>>
    let others: UnsafeMutableBufferPointer<Action>

    init(model: GuestMemfd, naming: [[Action]], others: [Action]) {
      self.model = model
      self.naming = .allocate(capacity: naming.count)
      for (lane, actions) in naming.enumerated() { self.naming[lane] = Self.copy(actions) }
      self.others = Self.copy(others)
    }

    static func copy(_ actions: [Action]) -> UnsafeMutableBufferPointer<Action> {
      let buffer = UnsafeMutableBufferPointer<Action>.allocate(capacity: actions.count)
      _ = buffer.initialize(from: actions)
      return buffer
    }

    deinit {
      for actions in naming { actions.deallocate() }
      naming.deallocate()
      others.deallocate()
    }
  }
}

/// A label of the abstraction: the concrete step on a representative
/// (its subpage numbers are the representative's), the key of the
/// unmarked subpage it acted on, and whether that subpage was the last of
/// its key.
public struct AbstractStep: Hashable, Sendable {
  public let step: Step
  public let key: UInt32?
  public let last: Bool
  /// The representative's subpages per folio.
  public let subpages: Int
}

/// Whether some representative did not fit (see `AbstractFolios`).
public final class OverflowFlag: Sendable {
  let value = Atomic<Bool>(false)
  public var isSet: Bool { value.load(ordering: .relaxed) }
  func set() { value.store(true, ordering: .relaxed) }
}
