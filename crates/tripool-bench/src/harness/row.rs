//! One printed and exported result: tripool against one peer.

use serde::Serialize;

use super::figure::Unit;

/// Which direction of a unit is better, so that a ratio is read right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Better {
    /// Times: less is faster.
    Lower,
    /// Rates: more is faster.
    Higher,
}

/// One implementation's result within a row.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Side {
    /// Its name, e.g. `tripool::sync::Lock` or `std::sync::Mutex`.
    pub(crate) name: String,
    /// The median of [`samples`](Side::samples), in the row's unit; `None`
    /// when it could not run (see [`note`](Side::note)).
    pub(crate) value: Option<f64>,
    /// Operations per round (after calibration to the round budget).
    pub(crate) ops: u64,
    /// Each measured round's figure, in the order they ran.
    pub(crate) samples: Vec<f64>,
    /// Why it has no value, or what went wrong part-way.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) note: Option<String>,
}

/// tripool against one peer for one figure.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Row {
    /// The figure's short name, e.g. `lock/uncontended`.
    pub(crate) figure: &'static str,
    /// What one operation is.
    pub(crate) title: &'static str,
    /// The unit of both values.
    pub(crate) unit: Unit,
    /// Which direction of the unit is better.
    pub(crate) better: Better,
    /// tripool's side (the same in every row of a figure).
    pub(crate) tripool: Side,
    /// The peer's side.
    pub(crate) peer: Side,
    /// `tripool.value / peer.value`: for `better = "lower"` below 1 means
    /// tripool is faster, for `better = "higher"` above 1 does.
    pub(crate) ratio: Option<f64>,
}

impl Row {
    /// The note to show beside the row: tripool's, else the peer's.
    pub(crate) fn note(&self) -> Option<&str> {
        self.tripool.note.as_deref().or(self.peer.note.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(name: &str, value: Option<f64>, note: Option<&str>) -> Side {
        Side {
            name: name.into(),
            value,
            ops: 1000,
            samples: value.into_iter().collect(),
            note: note.map(Into::into),
        }
    }

    fn row(peer: Side) -> Row {
        Row {
            figure: "lock/uncontended",
            title: "acquire+release",
            unit: Unit::NsPerOp,
            better: Better::Lower,
            tripool: side("tripool::sync::Lock", Some(20.0), None),
            peer,
            ratio: Some(1.25),
        }
    }

    #[test]
    fn json_names_the_unit_the_direction_and_the_ratio() {
        let json = serde_json::to_value(row(side("std::sync::Mutex", Some(16.0), None))).unwrap();
        assert_eq!(json["figure"], "lock/uncontended");
        assert_eq!(json["unit"], "ns/op");
        assert_eq!(json["better"], "lower");
        assert_eq!(json["ratio"], 1.25);
        assert_eq!(json["tripool"]["value"], 20.0);
        assert_eq!(json["peer"]["name"], "std::sync::Mutex");
        assert_eq!(json["peer"]["samples"][0], 16.0);
        assert!(json["peer"].get("note").is_none());
    }

    #[test]
    fn a_missing_peer_has_a_null_value_and_a_note() {
        let row = row(side(
            "python3 threading.Lock",
            None,
            Some("python3 not found"),
        ));
        let json = serde_json::to_value(&row).unwrap();
        assert!(json["peer"]["value"].is_null());
        assert_eq!(json["peer"]["note"], "python3 not found");
        assert_eq!(row.note(), Some("python3 not found"));
    }

    #[test]
    fn rates_say_higher_is_better() {
        assert_eq!(serde_json::to_value(Better::Higher).unwrap(), "higher");
    }
}
