import Explorer

/// The transition system of one guest_memfd file: MODEL.md sections 1-2
/// for a configuration. `docs/semantics.md` records every choice made
/// where MODEL.md is silent.
public struct GuestMemfd: TransitionSystem, Sendable {
  public let config: ModelConfig
  /// The ranges a request or hole punch may name: each subpage, then (for
  /// N > 1) the whole folio, folio by folio.
  public let ranges: [ClosedRange<Int>]
  /// Every action but `convert` (whose operands are the pending request),
  /// in successor order.
  public let fixedActions: [Action]
  /// Whether optional fields need putting in canonical form after a step.
  let needsNormalizing: Bool

  public init(_ config: ModelConfig) {
    self.config = config
    var ranges: [ClosedRange<Int>] = []
    for f in 0..<config.folios {
      let whole = f * config.subpages...(f + 1) * config.subpages - 1
      for p in whole { ranges.append(p...p) }
      if config.subpages > 1 { ranges.append(whole) }
    }
    self.ranges = ranges
    let subpages = 0..<config.totalSubpages
    var actions: [Action] = []
    for r in ranges {
      actions.append(Action(.guestRequest, r, to: .private))
      actions.append(Action(.guestRequest, r, to: .shared))
    }
    for kind in [ActionKind.guestAccess, .hostFault, .hostUnmap, .pin, .unpin] {
      actions += subpages.map { Action(kind, $0...$0) }
    }
    actions.append(Action(.convert))
    actions += ranges.map { Action(.punchHole, $0) }
    actions.append(Action(.close))
    for kind in [ActionKind.dmaMap, .dmaUnmap] {
      actions += subpages.map { Action(kind, $0...$0) }
    }
    if config.backing == .huge {
      let n = config.subpages
      actions += (0..<config.folios).map { Action(.merge, $0 * n...($0 + 1) * n - 1) }
    }
    if config.migration == .shared4K {
      actions += subpages.map { Action(.migrate, $0...$0) }
    }
    self.fixedActions = actions
    self.needsNormalizing =
      config.trackData || config.migration == .shared4K || config.has(.migratePinned)
  }

  public var subpageIndices: Range<Int> { 0..<config.totalSubpages }

  public func folio(of p: Int) -> Int { p / config.subpages }

  public func folioRange(_ f: Int) -> ClosedRange<Int> {
    f * config.subpages...(f + 1) * config.subpages - 1
  }

  /// Whether `range` is a whole folio (true for every range when N = 1).
  public func isWholeFolio(_ range: ClosedRange<Int>) -> Bool {
    range == folioRange(folio(of: range.lowerBound))
  }

  /// All subpages hole, attributes from `initShared`, folios huge, file
  /// open, no request.
  public var initialState: GmemState {
    var s = GmemState()
    for p in subpageIndices { s[subpage: p] = Subpage(attr: config.initShared ? .shared : .private) }
    return s
  }

  public func initialStates() -> [GmemState] { [initialState] }

  /// The action as it would run now: nil when its precondition is false,
  /// else its outcome and the next state (equal to `state` when a failure
  /// changes nothing).
  public func apply(_ action: Action, to state: GmemState) -> (Outcome, GmemState)? {
    guard var (outcome, next) = dispatch(action, state) else { return nil }
    if needsNormalizing { normalize(&next) }
    return (outcome, next)
  }

  private func dispatch(_ action: Action, _ state: GmemState) -> (Outcome, GmemState)? {
    switch action.kind {
    case .guestRequest: guestRequest(action.range, to: action.to, in: state)
    case .guestAccess: guestAccess(action.subpage, in: state)
    case .hostFault: hostFault(action.subpage, in: state)
    case .hostUnmap: hostUnmap(action.subpage, in: state)
    case .pin: pin(action.subpage, in: state)
    case .unpin: unpin(action.subpage, in: state)
    case .convert: convert(in: state)
    case .punchHole: punchHole(action.range, in: state)
    case .close: close(in: state)
    case .dmaMap: dmaMap(action.subpage, in: state)
    case .dmaUnmap: dmaUnmap(action.subpage, in: state)
    case .merge: merge(folio(of: action.subpage), in: state)
    case .migrate: migrate(action.subpage, in: state)
    }
  }

  /// The `convert` action for the pending request, if there is one.
  public func convertAction(in state: GmemState) -> Action? {
    state.request.map { Action(.convert, $0.range, to: $0.to) }
  }

  /// Every enabled action in `fixedActions` order, self-loops (failures
  /// that change nothing, faults at the mapping bound) included: the
  /// engine counts no state for them, but fairness and deadlock need them.
  public func forEachSuccessor(of state: GmemState, _ body: (Step, GmemState) -> Void) {
    for var action in fixedActions {
      if action.kind == .convert {
        guard let pending = convertAction(in: state) else { continue }
        action = pending
      }
      if let (outcome, next) = apply(action, to: state) {
        body(Step(action, outcome), next)
      }
    }
  }

  /// MODEL.md 2.2: a closed file whose folios are all back in the pool.
  public func isProperEnd(_ state: GmemState) -> Bool {
    state.closed && allInPool(state)
  }

  /// Every folio is in the pool: every index and every piece a hole, and
  /// (huge backing) every layout huge.
  public func allInPool(_ state: GmemState) -> Bool {
    subpageIndices.allSatisfy { state[subpage: $0].life == .hole && state[subpage: $0].pieceLife == .hole }
      && (config.backing == .base || (0..<config.folios).allSatisfy { state.layout(ofFolio: $0) == .huge })
  }

  /// Action kinds this configuration has, for coverage: each transition
  /// counts under its kind.
  public var coverageClasses: (names: [String], classOf: @Sendable (Step) -> Int) {
    let kinds = ActionKind.allCases.filter { k in fixedActions.contains { $0.kind == k } }
    var index = [Int](repeating: 0, count: ActionKind.allCases.count)
    for (i, k) in kinds.enumerated() { index[Int(k.rawValue)] = i }
    let table = index
    return (kinds.map(\.name), { table[Int($0.action.kind.rawValue)] })
  }

  /// The weakly fair classes of `config.fairness`: one per instance (each
  /// subpage's unpin, each folio's merge, the one convert), so that one
  /// page's pin cannot be starved by another's.
  public var fairnessClasses: (names: [String], classOf: @Sendable (Step) -> Int?) {
    var names: [String] = []
    var firstClass: [ActionKind: Int] = [:]
    let subpages = config.totalSubpages
    let n = config.subpages
    // Only actions the configuration has (no merge with base backing, no
    // migrate without migration) get classes.
    let present = Set(fixedActions.map(\.kind))
    for kind in config.fairness where present.contains(kind) {
      firstClass[kind] = names.count
      switch kind {
      case .close, .convert: names.append(kind.name)
      case .merge: names += (0..<config.folios).map { "\(kind.name) f\($0)" }
      case .guestRequest:
        names += ranges.flatMap { r in Attr.allCases.map { "\(kind.name) \(rangeName(r)) -> \($0.name)" } }
      case .punchHole: names += ranges.map { "\(kind.name) \(rangeName($0))" }
      default: names += (0..<subpages).map { "\(kind.name) p\($0)" }
      }
    }
    let ranges = self.ranges
    let base = firstClass
    let classOf: @Sendable (Step) -> Int? = { step in
      let a = step.action
      guard let b = base[a.kind] else { return nil }
      switch a.kind {
      case .close, .convert: return b
      case .merge: return b + a.subpage / n
      case .guestRequest: return ranges.firstIndex(of: a.range).map { b + 2 * $0 + Int(a.to.rawValue) }
      case .punchHole: return ranges.firstIndex(of: a.range).map { b + $0 }
      default: return b + a.subpage
      }
    }
    return (names, classOf)
  }
}
