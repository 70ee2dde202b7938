import { AsnArray, AsnProp, AsnPropTypes, AsnType, AsnTypeTypes } from '@peculiar/asn1-schema';

type IAsn1PropOptions = Parameters<typeof AsnProp>[0];

/**
 * ASN.1 types that no @peculiar module ships, declared for @peculiar/asn1-schema. The project
 * compiles without legacy decorators, so each schema is applied by calling the library's
 * decorators, which is what the `@AsnProp` syntax does.
 */
function sequence<C extends new () => object>(cls: C, props: Record<string, IAsn1PropOptions>): C {
  for (const [name, options] of Object.entries(props)) AsnProp(options)(cls.prototype, name);
  AsnType({ type: AsnTypeTypes.Sequence })(cls);
  return cls;
}

/**
 * The head of a CMS ContentInfo (RFC 5652 3): enough to name a PKCS#7 bundle someone gives
 * instead of PEM certificates.
 */
export class ContentInfoHead {
  contentType = '';
  content = new ArrayBuffer(0);
}
sequence(ContentInfoHead, {
  contentType: { type: AsnPropTypes.ObjectIdentifier },
  content: { type: AsnPropTypes.Any, context: 0 },
});

/** id-signedData (RFC 5652 5.1): a "PKCS#7" certificate bundle. */
export const ID_SIGNED_DATA = '1.2.840.113549.1.7.2';

/** RoleOfPSP ::= SEQUENCE { roleOfPspOid OBJECT IDENTIFIER, roleOfPspName UTF8String } (ETSI TS 119 495 5.1). */
export class RoleOfPsp {
  roleOfPspOid = '';
  roleOfPspName = '';
}
sequence(RoleOfPsp, {
  roleOfPspOid: { type: AsnPropTypes.ObjectIdentifier },
  roleOfPspName: { type: AsnPropTypes.Utf8String },
});

/** RolesOfPSP ::= SEQUENCE OF RoleOfPSP */
export class RolesOfPsp extends AsnArray<RoleOfPsp> {}
AsnType({ type: AsnTypeTypes.Sequence, itemType: RoleOfPsp })(RolesOfPsp);

/** PSD2QcType ::= SEQUENCE { rolesOfPSP RolesOfPSP, nCAName NCAName, nCAId NCAId } (ETSI TS 119 495 5.1). */
export class Psd2QcType {
  rolesOfPsp = new RolesOfPsp();
  ncaName = '';
  ncaId = '';
}
sequence(Psd2QcType, {
  rolesOfPsp: { type: RolesOfPsp },
  ncaName: { type: AsnPropTypes.Utf8String },
  ncaId: { type: AsnPropTypes.Utf8String },
});

/** id-etsi-psd2-qcStatement (ETSI TS 119 495 5.1). */
export const ID_PSD2_QC_STATEMENT = '0.4.0.19495.2';

/** The PSP roles of ETSI TS 119 495 4.2, by the name a profile declares. */
export const PSD2_ROLES = {
  PSP_AS: '0.4.0.19495.1.1',
  PSP_PI: '0.4.0.19495.1.2',
  PSP_AI: '0.4.0.19495.1.3',
  PSP_IC: '0.4.0.19495.1.4',
} as const;

export type Psd2Role = keyof typeof PSD2_ROLES;
