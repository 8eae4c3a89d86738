/// Why an action is not enabled: the precondition that is false, in
/// words, for replay's divergences and `=> disabled` (docs/scenarios.md).
/// Whether an action is enabled is `step`'s answer alone; this only
/// explains a refusal (a test checks that every refusal in the reachable
/// states of small models gets a specific reason).
extension GuestMemfd {
  /// Nil when `a` is enabled in `s`, else the false precondition.
  public func whyDisabled(_ a: Action, in s: GmemState) -> String? {
    if step(a, from: s) != nil { return nil }
    return reason(a, s) ?? "its precondition is false"
  }

  private func reason(_ a: Action, _ s: GmemState) -> String? {
    let p = a.subpage
    let page = s[subpage: p]
    let v = Int(a.vcpu)
    let who = config.vcpus > 1 ? "vCPU\(v)" : "the vCPU"
    if s.closed && ![.unpin, .dmaUnmap, .dropRef, .merge, .convert, .abandon].contains(a.kind) {
      return "the file is closed"
    }
    switch a.kind {
    case .guestRequest:
      if let r = s.request(v) { return "\(who) has a request pending already (\(describe(r)))" }
      return "every subpage of \(rangeName(a.range)) is \(a.to.name) already"
    case .guestAccess:
      if s.requestCovers(p) { return "p\(p) is in a pending request's range: the vCPU waits for its answer" }
      return outsideFile(p, page)
    case .hostFault:
      if let why = outsideFile(p, page) { return why }
      return quiesced(p, s)
    case .hostUnmap: return "p\(p) has no host PTE"
    case .pin:
      if page.life != .present { return outsideFile(p, page) ?? "p\(p) is a hole" }
      if page.mapped == 0 { return "p\(p) has no host PTE for GUP to walk" }
      if page.shortPins >= shortPinCeiling { return "p\(p) has \(page.shortPins) short-term pins, the bound" }
      return quiesced(p, s)
    case .unpin: return "p\(p) has no short-term pin"
    case .convert: return ioctlReason(a, s, who)
    case .abandon:
      guard let r = s.request(v) else { return "\(who) has no pending request" }
      if r.to == .shared { return "only a conversion to private is given up (nothing blocks one to shared)" }
      return "no long-term pin blocks \(describe(r)): the VMM keeps retrying"
    case .close:
      let pending = (0..<config.vcpus).compactMap { s.request($0) }.map(describe)
      return "a request is pending (\(pending.joined(separator: ", "))): the vCPU waits for its answer"
    case .dmaMap: return dmaMapReason(p, page, s)
    case .dmaUnmap: return "p\(p) has no long-term pin or IOMMU mapping"
    case .takeRef:
      if !config.transientRefs { return "transientRefs is off" }
      if page.life != .present { return outsideFile(p, page) ?? "p\(p) is a hole" }
      if page.transient { return "p\(p) holds a transient reference already" }
      return "mm takes no new reference in a folio with a pending request (transientRefsSettle)"
    case .dropRef: return "p\(p) holds no transient reference"
    case .merge:
      if config.backing == .base { return "base backing has no huge folios to merge" }
      return "not every piece of f\(folio(of: p)) is freed"
    case .migrate: return migrateReason(p, page, s)
    case .punchHole: return nil
    }
  }

  private func outsideFile(_ p: Int, _ page: Subpage) -> String? {
    page.life == .orphan || page.life == .freed ? "p\(p) is \(page.life.name): it is outside the file" : nil
  }

  private func quiesced(_ p: Int, _ s: GmemState) -> String? {
    isQuiesced(p, in: s)
      ? "host userspace stays off p\(p) while its conversion to private is pending (hostQuiescesDuringConversion)"
      : nil
  }

  private func ioctlReason(_ a: Action, _ s: GmemState, _ who: String) -> String? {
    guard let r = s.request(Int(a.vcpu)) else { return "\(who) has no pending request" }
    if a.to != r.to { return "the pending request is \(describe(r))" }
    let p = a.subpage
    if !a.byPage {
      if a.range != r.range { return "an ioctl takes the pending range \(rangeName(r.range)), or one page of it" }
    } else if r.first == r.last {
      return "\(rangeName(r.range)) is one subpage: its ioctl is the whole range"
    } else if !r.covers(p) {
      return "p\(p) is not in the pending range \(rangeName(r.range))"
    } else if s[subpage: p].attr == r.to {
      return "p\(p) is \(r.to.name) already"
    }
    guard case .waits(on: let q, let held, _) = ioctl(a, in: s) else { return nil }
    return "the ioctl would spin freezing f\(folio(of: q))'s refcount: p\(q) is \(held.phrase)"
  }

  private func dmaMapReason(_ p: Int, _ page: Subpage, _ s: GmemState) -> String? {
    if page.attr == .private { return "p\(p) is private" }
    if page.life != .present { return outsideFile(p, page) ?? "p\(p) is a hole" }
    if let why = quiesced(p, s) { return why }
    if config.longTermPins == .pfnCallback { return "p\(p) is mapped by the IOMMU already" }
    if page.mapped == 0 { return "p\(p) has no host PTE for GUP to walk" }
    return "p\(p) has \(page.longPins) long-term pins, the bound"
  }

  private func migrateReason(_ p: Int, _ page: Subpage, _ s: GmemState) -> String? {
    if config.migration == .none { return "migration is none: guest_memfd folios are unmovable" }
    if page.life != .present { return outsideFile(p, page) ?? "p\(p) is a hole" }
    if page.attr == .private { return "only shared pieces migrate" }
    if page.migrated { return "p\(p) has migrated already" }
    if s.layout(ofFolio: folio(of: p)) == .huge { return "f\(folio(of: p)) is huge: only pieces of a split folio migrate" }
    if page.transient { return "p\(p) holds a transient reference: migration gives up" }
    return "p\(p) is pinned"
  }
}

extension GuestMemfd {
  /// The ioctl `convert` of `range` (to `to`, or the request's target)
  /// for vCPU v: the whole pending range, or one page of it.
  public func ioctlAction(_ range: ClosedRange<Int>?, to: Attr?, vcpu v: Int, in s: GmemState) -> Action {
    let r = s.request(v)
    let whole = range == nil || range == r?.range
    return Action(
      .convert, range ?? r?.range ?? 0...0, to: to ?? r?.to ?? .private, vcpu: v,
      byPage: !whole && range!.count == 1)
  }
}
