#!/usr/bin/env bash
# Regenerates the Swift code for proto/ (committed under Sources/BeepSFUControlProto).
# Needs Debian's protoc (apt-get install protobuf-compiler). The two protoc plugins are built
# from this package's own dependencies (swift-protobuf's protoc-gen-swift and
# grpc-swift-protobuf's protoc-gen-grpc-swift-2), in this package's .build, so their versions
# always match the runtime libraries the generated code links against.
#
# Usage: tools/generate-grpc.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
command -v protoc >/dev/null || { echo "generate-grpc: protoc missing (apt-get install protobuf-compiler)" >&2; exit 1; }

swift build --product protoc-gen-swift
swift build --product protoc-gen-grpc-swift-2
BIN="$(swift build --show-bin-path)"

OUT="Sources/BeepSFUControlProto"
mkdir -p "$OUT"
rm -f "$OUT"/*.pb.swift "$OUT"/*.grpc.swift
PROTOS=(beep/sfu/v1/control.proto)
protoc --proto_path=proto \
  --plugin=protoc-gen-swift="$BIN/protoc-gen-swift" \
  --swift_out="$OUT" --swift_opt=Visibility=Public --swift_opt=FileNaming=DropPath \
  "${PROTOS[@]}"
protoc --proto_path=proto \
  --plugin=protoc-gen-grpc-swift="$BIN/protoc-gen-grpc-swift-2" \
  --grpc-swift_out="$OUT" --grpc-swift_opt=Visibility=Public --grpc-swift_opt=FileNaming=DropPath \
  "${PROTOS[@]}"
echo "generate-grpc: wrote $(ls "$OUT"/*.swift | tr '\n' ' ')"
