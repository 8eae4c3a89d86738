/// Binding a scenario's operands and assertions to a model.
extension Scenario {
  /// The subpages an operand names, checked against the model's size.
  func subpages(_ op: Operand, at position: SourcePosition, model: GuestMemfd) throws(ScenarioError)
    -> ClosedRange<Int>
  {
    let c = model.config
    let last = c.totalSubpages - 1
    let beyond = { (p: Int) in
      ScenarioError(file, position, "p\(p) is beyond the model's \(c.totalSubpages) subpages (p0-p\(last))")
    }
    switch op {
    case .subpage(let p):
      guard p <= last else { throw beyond(p) }
      return p...p
    case .span(let p, let q):
      guard q <= last else { throw beyond(q) }
      return p...q
    case .folio(let f):
      guard f < c.folios else {
        throw ScenarioError(file, position, "f\(f) is beyond the model's \(c.folios) folios")
      }
      return model.folioRange(f)
    case .attr, .vcpu:
      throw ScenarioError(file, position, "expected a subpage, a range or a folio")
    }
  }

  /// A range an action or request takes: one subpage or one whole folio.
  func range(_ op: Operand, at position: SourcePosition, model: GuestMemfd) throws(ScenarioError)
    -> ClosedRange<Int>
  {
    let r = try subpages(op, at: position, model: model)
    guard r.count == 1 || model.isWholeFolio(r) else {
      throw ScenarioError(
        file, position, "p\(r.lowerBound)-p\(r.upperBound) is neither one subpage nor a whole folio")
    }
    return r
  }

  func vcpu(_ v: Int, at position: SourcePosition, model: GuestMemfd) throws(ScenarioError) -> Int {
    guard v < model.config.vcpus else {
      throw ScenarioError(file, position, "vcpu\(v) is beyond the model's \(model.config.vcpus) vCPUs (set vcpus=2)")
    }
    return v
  }

  /// The step as a model action (a `convert` without a range is the
  /// whole pending request's ioctl).
  func resolve(_ step: Step, model: GuestMemfd, state: GmemState) throws(ScenarioError) -> Action {
    var r: ClosedRange<Int>? = nil
    var to: Attr? = nil
    var v = 0
    for (op, position) in step.operands {
      switch op {
      case .attr(let a): to = a
      case .vcpu(let n): v = try vcpu(n, at: position, model: model)
      default: r = try range(op, at: position, model: model)
      }
    }
    switch step.kind {
    case .convert: return model.ioctlAction(r, to: to, vcpu: v, in: state)
    case .guestRequest: return Action(.guestRequest, r!, to: to!, vcpu: v)
    case .abandon: return Action(.abandon, vcpu: v)
    default: return Action(step.kind, r ?? 0...0)
    }
  }

  /// Nil when the assertion holds, else what the model says instead.
  func check(_ a: Assertion, at position: SourcePosition, model: GuestMemfd, state: GmemState)
    throws(ScenarioError) -> String?
  {
    switch a {
    case .subpages(let op, let view):
      for p in try subpages(op, at: position, model: model) where !matches(state[subpage: p], view) {
        return "expected p\(p) \(view.text), the model has \(state[subpage: p].phrase)"
      }
      return nil
    case .layout(let f, let layout):
      guard model.config.backing == .huge else {
        throw ScenarioError(file, position, "base backing has no folio layout: every page is its own 4K folio")
      }
      _ = try subpages(.folio(f), at: position, model: model)
      let actual = state.layout(ofFolio: f)
      return actual == layout ? nil : "expected f\(f) \(layout.name), the model has \(actual.name)"
    case .request(let v, let want):
      let v = try vcpu(v, at: position, model: model)
      var expected: Request? = nil
      if let (op, to) = want { expected = Request(try range(op, at: position, model: model), to: to) }
      let actual = state.request(v)
      let who = model.config.vcpus > 1 ? "vCPU\(v) request" : "request"
      return actual == expected ? nil : "expected \(who) \(model.describe(expected)), the model has \(model.describe(actual))"
    case .closed(let closed):
      return state.closed == closed ? nil : "expected the file \(closed ? "closed" : "open"), it is \(state.closed ? "closed" : "open")"
    case .violated:
      return nil
    }
  }

  /// The word alone, or the word and exactly these details (a page outside
  /// the file is private unless it says shared, so `hole (private)` is a
  /// private hole at rest).
  func matches(_ page: Subpage, _ view: View) -> Bool {
    guard page.word == view.word else { return false }
    guard let want = view.details else { return true }
    return want.filter { $0 != "private" }.sorted() == page.details.sorted()
  }
}
