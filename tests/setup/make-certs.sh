#!/usr/bin/env bash
# Makes the certificates the TLS tests use, in the folder given ($1):
#   ca.pem / ca.key               the test CA the clients trust
#   server.pem / server.key       localhost, 127.0.0.1 and ::1, signed by the test CA
#   wronghost.pem / wronghost.key other.invalid only, signed by the test CA
#   untrusted-ca.pem              a CA nobody trusts
#   untrusted.pem / untrusted.key localhost, signed by the untrusted CA
set -euo pipefail
out=${1:?usage: make-certs.sh DIR}
mkdir -p "$out"
cd "$out"
if [ -s server.pem ] && [ -s untrusted.pem ] && [ -s wronghost.pem ] &&
   openssl x509 -checkend 86400 -noout -in server.pem >/dev/null 2>&1; then
  exit 0  # still valid from an earlier run
fi

make_ca() {  # name subject
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -sha256 \
    -keyout "$1.key" -out "$1.pem" -subj "$2" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
    2>/dev/null
}

make_leaf() {  # name ca subject san
  openssl req -newkey rsa:2048 -nodes -sha256 -keyout "$1.key" -out "$1.csr" -subj "$3" 2>/dev/null
  printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' \
    "$4" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2.key" -CAcreateserial \
    -days 30 -sha256 -extfile "$1.ext" -out "$1.pem" 2>/dev/null
  rm -f "$1.csr" "$1.ext"
}

make_ca ca "/CN=Rewards Test CA"
make_ca untrusted-ca "/CN=Untrusted Test CA"
make_leaf server ca "/CN=localhost" "DNS:localhost,IP:127.0.0.1,IP:::1"
make_leaf wronghost ca "/CN=other.invalid" "DNS:other.invalid"
make_leaf untrusted untrusted-ca "/CN=localhost" "DNS:localhost,IP:127.0.0.1"
chmod 600 ./*.key
echo "test certificates in $out"
