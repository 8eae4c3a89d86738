import Foundation

extension GuestMemfd {
  /// The action as a scenario step writes it: "guestRequest p0 shared",
  /// "convert" (the whole pending request), "convert p2" (one page of
  /// it), with " vcpu1" for the second vCPU's.
  public func scenarioText(_ action: Action) -> String {
    let name = action.kind.name
    let vcpu = action.vcpu > 0 ? " vcpu\(action.vcpu)" : ""
    switch action.kind {
    case .guestRequest: return "\(name) \(rangeName(action.range)) \(action.to.name)\(vcpu)"
    case .convert: return (action.byPage ? "\(name) p\(action.subpage)" : name) + vcpu
    case .abandon: return name + vcpu
    case .close: return name
    case .punchHole: return "\(name) \(rangeName(action.range))"
    case .merge: return "\(name) f\(folio(of: action.subpage))"
    default: return "\(name) p\(action.subpage)"
    }
  }

  /// A counterexample as a scenario that replays to the same violation:
  /// every configuration key as a `set` line (so it needs no file), the
  /// steps, then `expect violated` for each property the last state
  /// violates. `expect` is left out: it does not change the model.
  public func scenario(_ trace: [Step], violating properties: [String], origin: String) -> String {
    let property = properties.first ?? "?"
    var lines = [
      "# Counterexample for \(property), written by gmemcheck check --emit-scenario",
      "# from \(origin). Replay: gmemcheck replay THIS-FILE",
    ]
    for key in ConfigKey.all where key.affectsModel {
      var value = key.value(in: config)
      if case .list = key.kind { value = key.names(in: config).joined(separator: ",") }
      lines.append("set \(key.name)=\(value)")
    }
    lines.append("")
    for step in trace {
      let actor = step.action.kind.actor.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)
      let text = scenarioText(step.action).padding(toLength: 28, withPad: " ", startingAt: 0)
      let offset = step.errorOffset.map { " at p\($0)" } ?? ""
      lines.append("\(actor)\(text) => \(step.outcome.name)\(offset)")
    }
    lines += properties.map { "expect violated \($0)" }
    return lines.joined(separator: "\n") + "\n"
  }
}
