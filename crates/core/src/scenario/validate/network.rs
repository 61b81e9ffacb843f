//! Version 2's `network`: where hosts are for Local Network Access, and the
//! user's answer to its prompt.

use serde_json::Value;

use super::{join, Validator};
use crate::scenario::{AddressSpace, Network, Permission, MAX_RESPONSES};

impl Validator {
    pub(super) fn network(&mut self, value: &Value) -> Network {
        let path = "network";
        let Some(map) = self.object(value, path) else {
            return Network::default();
        };
        self.unknown_fields(map, path, &["address_spaces", "local_network_access"]);
        let local_network_access = map.contains_key("local_network_access").then(|| {
            self.keyword(
                map,
                path,
                "local_network_access",
                Permission::ALL,
                Permission::Denied,
            )
        });
        let mut address_spaces = Vec::new();
        if let Some(spaces) = map.get("address_spaces") {
            let spaces_path = join(path, "address_spaces");
            if let Some(spaces) = self.object(spaces, &spaces_path) {
                if spaces.len() > MAX_RESPONSES {
                    self.error(
                        &spaces_path,
                        format!("{} hosts; at most {MAX_RESPONSES}", spaces.len()),
                    );
                } else {
                    for host in spaces.keys() {
                        let space = self.keyword(
                            spaces,
                            &spaces_path,
                            host,
                            AddressSpace::ALL,
                            AddressSpace::Public,
                        );
                        address_spaces.push((host.clone(), space));
                    }
                }
            }
        }
        Network {
            address_spaces,
            local_network_access,
        }
    }
}
