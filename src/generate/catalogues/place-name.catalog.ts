/**
 * English place names and name fragments for synthetic organisation names. NHS regions and ICB
 * areas are the real ones (public geography); every trust, site, practice, pharmacy and care home
 * name is made up from these fragments, so any match with a real organisation is coincidence.
 */

function split(list: string): string[] {
  return list.split('|');
}

/** The seven NHS England regions with their ODS codes, in code order. */
export const REGIONS: readonly { code: string; name: string }[] = [
  { code: 'Y56', name: 'London' },
  { code: 'Y58', name: 'South West' },
  { code: 'Y59', name: 'South East' },
  { code: 'Y60', name: 'Midlands' },
  { code: 'Y61', name: 'East of England' },
  { code: 'Y62', name: 'North West' },
  { code: 'Y63', name: 'North East and Yorkshire' },
];

/** The 42 ICB areas, grouped by the index of their region in REGIONS. */
export const ICB_AREAS: readonly (readonly string[])[] = [
  [
    'North Central London',
    'North East London',
    'North West London',
    'South East London',
    'South West London',
  ],
  [
    'Bath and North East Somerset, Swindon and Wiltshire',
    'Bristol, North Somerset and South Gloucestershire',
    'Cornwall and the Isles of Scilly',
    'Devon',
    'Dorset',
    'Gloucestershire',
    'Somerset',
  ],
  [
    'Buckinghamshire, Oxfordshire and Berkshire West',
    'Frimley',
    'Hampshire and Isle of Wight',
    'Kent and Medway',
    'Surrey Heartlands',
    'Sussex',
  ],
  [
    'Birmingham and Solihull',
    'Black Country',
    'Coventry and Warwickshire',
    'Derby and Derbyshire',
    'Herefordshire and Worcestershire',
    'Leicester, Leicestershire and Rutland',
    'Lincolnshire',
    'Northamptonshire',
    'Nottingham and Nottinghamshire',
    'Shropshire, Telford and Wrekin',
    'Staffordshire and Stoke-on-Trent',
  ],
  [
    'Bedfordshire, Luton and Milton Keynes',
    'Cambridgeshire and Peterborough',
    'Hertfordshire and West Essex',
    'Mid and South Essex',
    'Norfolk and Waveney',
    'Suffolk and North East Essex',
  ],
  ['Cheshire and Merseyside', 'Greater Manchester', 'Lancashire and South Cumbria'],
  ['Humber and North Yorkshire', 'North East and North Cumbria', 'South Yorkshire', 'West Yorkshire'],
];

/** Towns by the index of their region in REGIONS. */
export const TOWNS: readonly (readonly string[])[] = [
  split(
    'Barnet|Camden|Enfield|Haringey|Islington|Hackney|Newham|Redbridge|Havering|Barking|Ealing|Harrow|Hillingdon|Hounslow|Brent|Hammersmith|Chelsea|Lambeth|Southwark|Lewisham|Greenwich|Bexley|Bromley|Croydon|Sutton|Merton|Kingston|Richmond|Wandsworth|Tooting|Walthamstow|Romford|Wembley|Woolwich|Whitechapel',
  ),
  split(
    'Bath|Swindon|Salisbury|Chippenham|Bristol|Weston-super-Mare|Yate|Truro|Penzance|Falmouth|Exeter|Plymouth|Torquay|Barnstaple|Newton Abbot|Bournemouth|Poole|Dorchester|Weymouth|Gloucester|Cheltenham|Stroud|Taunton|Yeovil|Bridgwater|Frome',
  ),
  split(
    'Oxford|Banbury|Reading|Aylesbury|High Wycombe|Camberley|Farnborough|Slough|Southampton|Portsmouth|Winchester|Basingstoke|Newport|Maidstone|Canterbury|Ashford|Margate|Dartford|Tunbridge Wells|Guildford|Epsom|Redhill|Woking|Brighton|Eastbourne|Hastings|Worthing|Chichester|Crawley',
  ),
  split(
    'Birmingham|Solihull|Sutton Coldfield|Wolverhampton|Walsall|Dudley|West Bromwich|Coventry|Warwick|Nuneaton|Rugby|Derby|Chesterfield|Buxton|Hereford|Worcester|Redditch|Kidderminster|Leicester|Loughborough|Oakham|Lincoln|Boston|Grantham|Northampton|Kettering|Corby|Nottingham|Mansfield|Newark|Shrewsbury|Telford|Oswestry|Stafford|Stoke-on-Trent|Burton upon Trent|Tamworth',
  ),
  split(
    "Bedford|Luton|Milton Keynes|Cambridge|Peterborough|Huntingdon|Stevenage|Watford|Harlow|St Albans|Hemel Hempstead|Chelmsford|Basildon|Southend-on-Sea|Norwich|King's Lynn|Great Yarmouth|Lowestoft|Ipswich|Colchester|Bury St Edmunds",
  ),
  split(
    'Liverpool|Chester|Warrington|Birkenhead|St Helens|Southport|Crewe|Macclesfield|Manchester|Salford|Stockport|Bolton|Wigan|Oldham|Rochdale|Bury|Tameside|Trafford|Preston|Blackpool|Blackburn|Burnley|Lancaster|Kendal|Barrow-in-Furness',
  ),
  split(
    'Hull|York|Scarborough|Harrogate|Grimsby|Scunthorpe|Newcastle|Sunderland|Gateshead|Durham|Darlington|Middlesbrough|Carlisle|Hexham|Sheffield|Rotherham|Doncaster|Barnsley|Leeds|Bradford|Wakefield|Huddersfield|Halifax|Dewsbury',
  ),
];

/** Street and landmark words for practice, pharmacy and care-home names. */
export const DESCRIPTORS: readonly string[] = split(
  "Riverside|Parkside|Church Street|High Street|Market Street|Station Road|Abbey|Castle|Meadowbank|Oakwood|Elm Tree|Willow|Beech House|The Grange|Hillside|Brook Lane|Northgate|Southgate|Westgate|Eastgate|Priory|Kingsway|Queensway|Victoria Road|Albert Road|Park Lane|Manor Farm|Orchard|Woodlands|Greenfields|Cedar|Holly Tree|Rosemary|Mill Lane|Bridge Street|Chapel Street|Springfield|Fairfield|Ashfield|Highfield|Lakeside|Valley|Moorland|Heathfield|Links|Harbour|Forest|Rowan|Laurel|Hawthorn|Birch|Lime Tree|St Mary's|St John's|St Andrew's|St Peter's",
);

/** Surnames for "Dr X and Partners" practices and independent chemists. */
export const SURNAMES: readonly string[] = split(
  "Patel|Shah|Smith|Jones|Williams|Brown|Taylor|Davies|Evans|Wilson|Thomas|Johnson|Roberts|Robinson|Thompson|Wright|Walker|White|Edwards|Hughes|Green|Hall|Lewis|Harris|Clarke|Khan|Ali|Ahmed|Hussain|Singh|Kaur|Begum|Chowdhury|Okafor|Adeyemi|Murphy|Kelly|O'Brien|Campbell|Stewart|Wood|Turner|Cooper|Ward|Morris|King|Baker|Hill|Wilkinson|Nowak",
);

/** Commissioning support units (national bodies, hosted by NHS England). */
export const CSU_NAMES: readonly string[] = [
  'North of England Commissioning Support Unit',
  'Midlands and Lancashire Commissioning Support Unit',
  'NHS South, Central and West Commissioning Support Unit',
  'Arden and Greater East Midlands Commissioning Support Unit',
  'North East London Commissioning Support Unit',
];

/** Arm's-length bodies of the health system. */
export const ALB_NAMES: readonly string[] = [
  'NHS England',
  'NHS Business Services Authority',
  'NHS Blood and Transplant',
  'UK Health Security Agency',
  'Care Quality Commission',
  'National Institute for Health and Care Excellence',
  'Medicines and Healthcare products Regulatory Agency',
  'NHS Resolution',
];
