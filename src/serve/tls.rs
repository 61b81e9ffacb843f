//! HTTPS certificates: a local CA, made on first use and kept in the cert
//! directory (`ca.pem`, and `ca-key.pem` readable by its owner only), and a
//! leaf for each host name, made when a client first asks for that name (SNI)
//! and kept for the server's life. So every origin of every scenario, loaded
//! at start or later, has a certificate without a restart, and a browser that
//! trusts `ca.pem` once trusts them all; a test browser can instead ignore
//! certificate errors.

use std::collections::HashMap;
use std::fmt;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Write;
use std::net::IpAddr;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rcgen::{
    date_time_ymd, BasicConstraints, CertificateParams, DistinguishedName, DnType,
    ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair, KeyUsagePurpose, PublicKeyData, SerialNumber,
};
use tokio_rustls::rustls::crypto::ring::{default_provider, sign::any_supported_type};
use tokio_rustls::rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::server::{ClientHello, ResolvesServerCert};
use tokio_rustls::rustls::sign::{CertifiedKey, SigningKey};
use tokio_rustls::rustls::ServerConfig;

const CA_CERT: &str = "ca.pem";
const CA_KEY: &str = "ca-key.pem";
/// The local CA's name.
const CA_NAME: &str = "corsim serve local CA";

/// The CA and the leaves made so far.
pub struct Certs {
    ca_file: PathBuf,
    ca: Issuer<'static, KeyPair>,
    /// One key for every leaf: making a leaf is then only a signature.
    leaf_key: KeyPair,
    leaf_signer: Arc<dyn SigningKey>,
    /// The names of the leaf for clients that send no server name (an IP address).
    unnamed: Vec<String>,
    leaves: Mutex<HashMap<String, Arc<CertifiedKey>>>,
}

impl fmt::Debug for Certs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Certs")
            .field("ca_file", &self.ca_file)
            .finish_non_exhaustive()
    }
}

impl Certs {
    /// Loads the CA from `dir`, or makes it there when there is none.
    pub fn load_or_create(dir: &Path, address: IpAddr) -> Result<Certs, String> {
        Certs::signed_by(
            dir.join(CA_CERT),
            Issuer::new(ca_params(CA_NAME), load_or_create_ca(dir)?),
            address,
        )
    }

    /// Certificates from a CA made in memory now and written nowhere, so
    /// that no browser trusts them: what a server entry with `fail: tls`
    /// presents.
    pub fn untrusted(address: IpAddr) -> Result<Certs, String> {
        let ca_key = KeyPair::generate().map_err(|e| format!("cannot make a key: {e}"))?;
        // A name of its own: a client that trusts the local CA looks the
        // issuer up by name, and must find none, not fail its signature.
        let ca = Issuer::new(ca_params("corsim serve untrusted CA"), ca_key);
        Certs::signed_by(PathBuf::new(), ca, address)
    }

    fn signed_by(
        ca_file: PathBuf,
        ca: Issuer<'static, KeyPair>,
        address: IpAddr,
    ) -> Result<Certs, String> {
        let leaf_key = KeyPair::generate().map_err(|e| format!("cannot make a key: {e}"))?;
        let leaf_der = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der()));
        let leaf_signer =
            any_supported_type(&leaf_der).map_err(|e| format!("cannot use the leaf key: {e}"))?;
        let mut unnamed = vec![
            "localhost".to_string(),
            "127.0.0.1".to_string(),
            "::1".to_string(),
        ];
        if !address.is_unspecified() && !unnamed.contains(&address.to_string()) {
            unnamed.push(address.to_string());
        }
        Ok(Certs {
            ca_file,
            ca,
            leaf_key,
            leaf_signer,
            unnamed,
            leaves: Mutex::new(HashMap::new()),
        })
    }

    /// The CA certificate a browser can be told to trust.
    pub fn ca_file(&self) -> &Path {
        &self.ca_file
    }

    /// The leaf for `name` (`None`: for a client that named no server).
    fn leaf(&self, name: Option<&str>) -> Result<Arc<CertifiedKey>, String> {
        let key = name.unwrap_or("").to_ascii_lowercase();
        let mut leaves = self.leaves.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(leaf) = leaves.get(&key) {
            return Ok(leaf.clone());
        }
        let names = match name {
            Some(_) => vec![key.clone()],
            None => self.unnamed.clone(),
        };
        let mut params = CertificateParams::new(names.clone())
            .map_err(|e| format!("cannot make a certificate for {names:?}: {e}"))?;
        params
            .distinguished_name
            .push(DnType::CommonName, names[0].clone());
        params.is_ca = IsCa::NoCa;
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        params.use_authority_key_identifier_extension = true;
        params.serial_number = Some(leaf_serial(&self.leaf_key, &names));
        params.not_before = date_time_ymd(2025, 1, 1);
        params.not_after = date_time_ymd(2035, 1, 1);
        let cert = params
            .signed_by(&self.leaf_key, &self.ca)
            .map_err(|e| format!("cannot sign a certificate for {names:?}: {e}"))?;
        let leaf = Arc::new(CertifiedKey::new(
            vec![cert.der().clone()],
            self.leaf_signer.clone(),
        ));
        leaves.insert(key, leaf.clone());
        Ok(leaf)
    }
}

impl ResolvesServerCert for Certs {
    fn resolve(&self, hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        match self.leaf(hello.server_name()) {
            Ok(leaf) => Some(leaf),
            Err(e) => {
                eprintln!("corsim serve: {e}");
                None
            }
        }
    }
}

/// A serial number of each leaf's own. rcgen's default is a hash of the
/// public key, the same for every leaf since they share one key, and Firefox
/// refuses a certificate whose issuer and serial number it has seen on
/// another (`SEC_ERROR_REUSED_ISSUER_AND_SERIAL`), even when told to accept
/// untrusted ones. The names are hashed with the key, which is new each time
/// the server starts, so a browser that trusts the CA across restarts never
/// sees one serial on two certificates either.
fn leaf_serial(key: &KeyPair, names: &[String]) -> SerialNumber {
    let mut hasher = DefaultHasher::new();
    key.subject_public_key_info().hash(&mut hasher);
    names.hash(&mut hasher);
    // A leading 1: positive, non-zero, and never shortened.
    let mut serial = vec![1];
    serial.extend(hasher.finish().to_be_bytes());
    SerialNumber::from(serial)
}

/// TLS with rustls's safe defaults, HTTP/1.1 only (the contract's answers
/// are HTTP/1 messages).
pub fn server_config(certs: Arc<Certs>) -> Result<Arc<ServerConfig>, String> {
    let mut config = ServerConfig::builder_with_provider(Arc::new(default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("cannot set up TLS: {e}"))?
        .with_no_client_auth()
        .with_cert_resolver(certs);
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// The CA's name and powers. They are the same every time, so that the CA
/// loaded from its key signs leaves that chain to the `ca.pem` written when
/// it was made.
fn ca_params(common_name: &str) -> CertificateParams {
    let mut params = CertificateParams::default();
    let mut name = DistinguishedName::new();
    name.push(DnType::CommonName, common_name);
    name.push(DnType::OrganizationName, "corsim");
    params.distinguished_name = name;
    params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    params.not_before = date_time_ymd(2025, 1, 1);
    params.not_after = date_time_ymd(2035, 1, 1);
    params
}

/// The CA's key, read from `dir`, or made and written there with its
/// certificate. Two servers starting at once on a fresh directory both make
/// one, in a directory of their own, and rename it into place: the first
/// rename wins and the other server reads the winner's.
fn load_or_create_ca(dir: &Path) -> Result<KeyPair, String> {
    if let Some(key) = read_ca_key(dir) {
        return Ok(key);
    }
    let parent = dir.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)
        .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    let staging = parent.join(format!(
        ".{}-{}",
        dir.file_name().and_then(|n| n.to_str()).unwrap_or("ca"),
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(&staging)
        .map_err(|e| format!("cannot create {}: {e}", staging.display()))?;
    let key = KeyPair::generate().map_err(|e| format!("cannot make the CA key: {e}"))?;
    let cert = ca_params(CA_NAME)
        .self_signed(&key)
        .map_err(|e| format!("cannot make the CA certificate: {e}"))?;
    write_file(&staging.join(CA_KEY), key.serialize_pem().as_bytes(), 0o600)?;
    write_file(&staging.join(CA_CERT), cert.pem().as_bytes(), 0o644)?;
    if std::fs::rename(&staging, dir).is_ok() {
        return Ok(key);
    }
    let _ = std::fs::remove_dir_all(&staging);
    read_ca_key(dir).ok_or_else(|| {
        format!(
            "cannot make the local CA in {}: it exists but holds no readable {CA_KEY} and {CA_CERT}; \
             remove it, or choose another --cert-dir",
            dir.display()
        )
    })
}

fn read_ca_key(dir: &Path) -> Option<KeyPair> {
    if !dir.join(CA_CERT).is_file() {
        return None;
    }
    let pem = std::fs::read_to_string(dir.join(CA_KEY)).ok()?;
    KeyPair::from_pem(&pem).ok()
}

fn write_file(path: &Path, bytes: &[u8], mode: u32) -> Result<(), String> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(path)
        .and_then(|mut f| f.write_all(bytes))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_leaf_has_a_serial_number_of_its_own() {
        let dir = std::env::temp_dir().join(format!("corsim-tls-test-{}", std::process::id()));
        let certs = Certs::load_or_create(&dir, IpAddr::from([127, 0, 0, 1])).unwrap();
        let der = |name: Option<&str>| certs.leaf(name).unwrap().cert[0].to_vec();
        let serial = |names: &[&str]| {
            let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
            leaf_serial(&certs.leaf_key, &names).to_bytes()
        };
        let (app, api) = (serial(&["app.example.com"]), serial(&["api.example.com"]));
        assert_ne!(app, api);
        assert_ne!(
            serial(&["localhost"]),
            serial(&["localhost", "127.0.0.1", "::1"])
        );
        let contains = |der: &[u8], serial: &[u8]| der.windows(serial.len()).any(|w| w == serial);
        assert!(contains(&der(Some("app.example.com")), &app));
        assert!(contains(&der(Some("api.example.com")), &api));
        assert!(!contains(&der(Some("api.example.com")), &app));
        // Another start makes another leaf key, hence other serials.
        let again = Certs::load_or_create(&dir, IpAddr::from([127, 0, 0, 1])).unwrap();
        let names = vec!["app.example.com".to_string()];
        assert_ne!(leaf_serial(&again.leaf_key, &names).to_bytes(), app);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
