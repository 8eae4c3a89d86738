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
public struct AbstractFolios: TransitionSystem, Sendable {
  public let config: ModelConfig
  public var folios: Int { config.folios }
  /// The representatives' models: `models[n - 2]` has `folios` folios of
  /// n subpages each.
  let models: [GuestMemfd]
  /// Per model: the fixed actions naming each subpage (by lane), and
  /// those naming none.
  let naming: [[[Action]]]
  let others: [[Action]]
  /// Set when a representative would need more than `WideState.capacity`
  /// subpages: the search then misses successors and is not a proof.
  public let overflow: OverflowFlag

  /// `config`'s design for every N >= 2 (its `subpages` is ignored).
  public init(_ config: ModelConfig) {
    self.config = config
    var models: [GuestMemfd] = []
    var naming: [[[Action]]] = []
    var others: [[Action]] = []
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
      models.append(model)
      naming.append(byLane)
      others.append(rest)
    }
    self.models = models
    self.naming = naming
    self.others = others
    self.overflow = OverflowFlag()
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
    let model = models[0]
    return [abstraction(of: WideState(model.initialState, model), n: 2)]
  }

  /// Every abstract transition: each concrete transition of each
  /// representative, mapped back. Fixed order, so traces rebuild.
  public func forEachSuccessor(of a: AbstractState, _ body: (AbstractStep, AbstractState) -> Void) {
    guard let rep = representative(of: a) else { return }
    let model = models[rep.n - 2]
    func run(_ action: Action, on r: Representative, key: UInt32?, copies: Int) {
      guard let (step, next) = models[r.n - 2].step(action, from: r.state) else { return }
      let label = AbstractStep(step: step, key: key, last: copies == 1, subpages: r.n)
      body(label, abstraction(of: next, n: r.n))
    }
    for action in others[rep.n - 2] { run(action, on: rep, key: nil, copies: 0) }
    for v in 0..<config.vcpus {
      model.forEachIoctl(vcpu: v, in: rep.state) { action in
        if !action.byPage || rep.isMarked(action.subpage) {
          run(action, on: rep, key: nil, copies: 0)
        }
      }
    }
    for lane in [rep.marked.0, rep.marked.1] where lane >= 0 {
      for action in naming[rep.n - 2][lane] { run(action, on: rep, key: nil, copies: 0) }
    }
    var start = 0
    for f in 0..<folios {
      let count = Int(a.keys[start])
      defer { start += 1 + count }
      for i in start + 1..<start + 1 + count {
        let k = a.keys[i]
        for copies in 1...2 {
          guard let r = representative(of: a, acting: (f, k, copies)), let lane = r.actingLane else {
            continue
          }
          for action in naming[r.n - 2][lane] { run(action, on: r, key: k, copies: copies) }
          for v in 0..<config.vcpus {
            models[r.n - 2].forEachIoctl(vcpu: v, in: r.state) { action in
              if action.byPage && action.subpage == lane { run(action, on: r, key: k, copies: copies) }
            }
          }
        }
      }
    }
  }

  /// Calls `use` with a representative of `a` and its model (nil when
  /// `a` has none within `WideState.capacity`).
  public func withRepresentative<R>(_ a: AbstractState, _ use: (GuestMemfd, WideState) -> R) -> R? {
    guard let rep = representative(of: a) else { return nil }
    return use(models[rep.n - 2], rep.state)
  }

  /// The abstract state of concrete state `s` of the model with `n`
  /// subpages per folio (n >= 2).
  public func abstraction(of s: WideState, n: Int) -> AbstractState {
    var a = AbstractState()
    a.global = s.global & 0x1FF
    var marked = (-1, -1)
    for v in 0..<config.vcpus {
      guard let r = s.request(v) else { continue }
      let single = r.first == r.last
      var same = false
      if single {
        if v == 0 { marked.0 = r.first } else { marked.1 = r.first }
        same = v == 1 && marked.0 == r.first
        if !same { a.marks |= UInt64(s.lanes[r.first]) << UInt64(32 * v) }
      }
      let mark = AbstractState.RequestMark(to: r.to, wholeFolio: !single, folio: r.first / n, sameAsVCPU0: same)
      a.global |= mark.bits << UInt64(16 + 16 * v)
    }
    a.keys.reserveCapacity(folios + s.lanes.scalarCount)
    // Each folio's unmarked keys, sorted and unique, by insertion into
    // the array's tail (a folio has few keys).
    for f in 0..<folios {
      let countAt = a.keys.count
      a.keys.append(0)
      for p in f * n..<(f + 1) * n where p != marked.0 && p != marked.1 {
        let k = s.lanes[p]
        var i = a.keys.count
        while i > countAt + 1 && a.keys[i - 1] > k { i -= 1 }
        if i > countAt + 1 && a.keys[i - 1] == k { continue }
        a.keys.insert(k, at: i)
      }
      a.keys[countAt] = UInt32(a.keys.count - countAt - 1)
    }
    return a
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
