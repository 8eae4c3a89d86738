/// States and steps as JSON, with every field (the tool's `--format json`).
extension GuestMemfd {
  public func json(_ s: GmemState) -> JSONValue {
    let subpages: [JSONValue] = subpageIndices.map { p in
      let page = s[subpage: p]
      return .object([
        ("index", .int(p)), ("folio", .int(folio(of: p))), ("view", .string(page.word)),
        ("attr", .string(page.attr.name)), ("life", .string(page.life.name)),
        ("mapped", .int(page.mapped)), ("shortPins", .int(page.shortPins)),
        ("longPins", .int(page.longPins)), ("guestMapped", .bool(page.guestMapped)),
        ("iommuMapped", .bool(page.iommuMapped)),
        ("data", .string(page.written ? "written" : "zero")),
        ("expected", .string(page.expectedWritten ? "written" : "zero")),
        ("migrated", .bool(page.migrated)), ("pieceLife", .string(page.pieceLife.name)),
        ("stalePins", .bool(page.stalePins)), ("transient", .bool(page.transient)),
      ])
    }
    let folios: [JSONValue] = (0..<config.folios).map { f in
      let layout: JSONValue = config.backing == .huge ? .string(s.layout(ofFolio: f).name) : .null
      return .object([("index", .int(f)), ("layout", layout)])
    }
    let requests: [JSONValue] = (0..<config.vcpus).map { v in
      s.request(v).map {
        .object([("first", .int($0.first)), ("last", .int($0.last)), ("to", .string($0.to.name))])
      } ?? .null
    }
    return .object([
      ("subpages", .array(subpages)), ("folios", .array(folios)), ("requests", .array(requests)),
      ("closed", .bool(s.closed)),
    ])
  }

  public func json(_ step: Step, after s: GmemState) -> JSONValue {
    let a = step.action
    var members: [(String, JSONValue)] = [
      ("actor", .string(a.kind.actor.rawValue)), ("action", .string(a.kind.name)),
      ("text", .string(describe(a))),
    ]
    switch a.kind {
    case .close: break
    case .guestRequest, .convert:
      members.append(("first", .int(Int(a.first))))
      members.append(("last", .int(Int(a.last))))
      members.append(("to", .string(a.to.name)))
      members.append(("vcpu", .int(Int(a.vcpu))))
    case .abandon:
      members.append(("vcpu", .int(Int(a.vcpu))))
    case .punchHole:
      members.append(("first", .int(Int(a.first))))
      members.append(("last", .int(Int(a.last))))
    case .merge:
      members.append(("folio", .int(folio(of: a.subpage))))
    default:
      members.append(("subpage", .int(a.subpage)))
    }
    members.append(("outcome", .string(step.outcome.name)))
    if a.kind == .convert { members.append(("errorOffset", step.errorOffset.map { .int($0) } ?? .null)) }
    members.append(("state", json(s)))
    return .object(members)
  }
}
