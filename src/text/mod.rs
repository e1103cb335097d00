//! Text positions: byte offsets inside, line and column at the edges.

mod position;

pub use position::{Encoding, offset_to_position, position_to_offset};
