/** PROTOCOLS §4.2 StarkNet test vectors, shared by the TypeScript and the contract tests. */
import { FIELD_PRIME } from "../../src/protocols/starknet/codec/felt.js";
import { CONFIG_HASH } from "../../src/protocols/starknet/codec/program-output.js";

export const K1 = {
  from: "0xbe3C44c09bc1a3566F3e1CA12e5AbA0fA4Ca72Be",
  to: 0x039dc79e64f4bb3289240f88e0bae7d21735bef0d1a51b2bf3c4730cb16983e1n,
  selector: 0x02f15cff7b0eed8b9beb162696cf4e3e0e35fa7032af69cd1b7d2ac67a13f40fn,
  payload: [1n, 2n],
  nonce: 783082n,
  fee: 0x7530n,
  hash: "0x9e658ca0f2727a3b43d0ed8171321f8b85685f5085ca5b16514d5bcb7c8a7590",
};
export const K2 = {
  from: "0x8453fc6cd1bcfe8d4dfc069c400b433054d47bdc",
  to: 2158142789748719025684046545159279785659305214176670733242887773692203401023n,
  selector:
    774397379524139446221206168840917193112228400237242521560346153613428128537n,
  payload: [
    4543560n,
    829565602143178078434185452406102222830667255948n,
    3461886633118033953192540141609307739580461579986333346825796013261542798665n,
    9000000000000000n,
    0n,
  ],
  nonce: 8288n,
  hash: "0x2e350fa9d830482605cb68be4fdb9f0cb3e1f95a0c51623ac1a5d1bd997c2090",
};
export const K3 = {
  from: 0x4db0679c568e6a9df6f21da9e243772853d6714b12b6b79c0551d9ea12ef91an,
  to: "0xc662c410c0ecf747543f5ba90660f6abebd9c8c4",
  payload: [0n, 1n, 1n],
  hash: "0xac5356289f98e5012f8efcabb9f7ad3adaa43f81ac47b6311d2c23ca01590bd0",
};
export const K5 = {
  output: [
    0n,
    0x1234n,
    FIELD_PRIME - 1n,
    3n,
    0n,
    0x5678n,
    0n,
    CONFIG_HASH,
    0n,
    0n,
    5n,
    0xc1n,
    0xa1n,
    2n,
    1n,
    2n,
    6n,
    0xa1n,
    0xc1n,
    0n,
    0xde3ab781n,
    1n,
    7n,
  ],
  outputHash:
    "0x768733a16d1eeaf03f6d4ec67a8f66590d843a14585a8635ca2c1d314a465c98",
  fact: "0xb50006e6bb55661fb3b8800d8151af28ca06b8b20011d0443ea77477cf99c486",
  sharpFact:
    "0x78948839a3dbc964abbebd98ddd0bae0ff45ee6cef14c953d264e567f0e8e9b4",
  l2ToL1: "0xb0ae5371e89bad2eb3e56f0b4dbd17f92553acf8c828b3ed86ee744fea3d218b",
  l1ToL2: "0x5bd44cc0df156ab81d73d8b98b8fbb9088c33f0a2b496ac0ca80969f466065ef",
};
